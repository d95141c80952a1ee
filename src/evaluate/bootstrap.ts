/**
 * Seeded bootstrap over charts. Every rate of the evaluation is a ratio of sums of per-chart counts
 * (precision = Σtp / Σ(tp+fp), MAP = Σ AP / Σ charts with gold, …), so a resample draws charts with
 * replacement, sums their count vectors and evaluates every figure at once. Charts, not codes, are the
 * unit: the codes of one chart stand or fall together (one misread section spoils several). The seed
 * makes the report reproducible: the same counts, seed and resamples give the same intervals.
 */
import { seededRandom } from '../scoring/seeded-random.js';

/** A weighted sum of count keys: `{ tp: 2, fp: 1, fn: 1 }` is 2·tp + fp + fn. */
export type Linear = Record<string, number>;

/** A rate as a ratio of two linear sums of per-chart counts; `n` is what it is measured over. */
export interface RatioDef {
  num: Linear;
  den: Linear;
  n: Linear;
}

export interface Interval {
  /** null when nothing was measured (denominator 0). */
  value: number | null;
  n: number;
  lo: number | null;
  hi: number | null;
}

export interface BootstrapOptions {
  seed: number;
  resamples: number;
  /** Two-sided level, 0.95 by default. */
  level?: number;
}

/** Dense count vectors over one key list, so resampling adds arrays instead of looking keys up. */
export function denseCounts(charts: Record<string, number>[], keys: string[]): Float64Array[] {
  return charts.map((c) => Float64Array.from(keys, (k) => c[k] ?? 0));
}

function addInto(target: Float64Array, row: Float64Array): Float64Array {
  for (let k = 0; k < row.length; k++) target[k] = target[k]! + row[k]!;
  return target;
}

const compile = (l: Linear, index: Map<string, number>): [number, number][] =>
  Object.entries(l).flatMap(([k, w]) => (index.has(k) ? [[index.get(k)!, w] as [number, number]] : []));

const dot = (sum: Float64Array, terms: [number, number][]) => terms.reduce((s, [i, w]) => s + w * sum[i]!, 0);

function percentile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Percentile interval of the finite values (resamples where the rate is undefined are left out). */
export function percentileInterval(values: number[], level = 0.95): [number, number] | null {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return null;
  return [percentile(finite, (1 - level) / 2), percentile(finite, 1 - (1 - level) / 2)];
}

/** Draw `resamples` index samples of size n (with replacement) and hand each one's summed vector to `each`. */
function resample(
  vectors: Float64Array[][],
  width: number[],
  opts: BootstrapOptions,
  each: (sums: Float64Array[]) => void,
): void {
  const random = seededRandom(opts.seed);
  const n = vectors[0]?.length ?? 0;
  for (let b = 0; b < opts.resamples; b++) {
    const sums = width.map((w) => new Float64Array(w));
    for (let i = 0; i < n; i++) {
      const pick = Math.floor(random() * n);
      vectors.forEach((v, r) => {
        const row = v[pick]!;
        addInto(sums[r]!, row);
      });
    }
    each(sums);
  }
}

const ratio = (sum: Float64Array, num: [number, number][], den: [number, number][]) => {
  const d = dot(sum, den);
  return d === 0 ? Number.NaN : dot(sum, num) / d;
};

/** Every rate of `defs` with its n and a percentile bootstrap interval over the charts. */
export function bootstrapRatios(
  charts: Record<string, number>[],
  defs: Record<string, RatioDef>,
  opts: BootstrapOptions,
): Record<string, Interval> {
  const keys = [...new Set(charts.flatMap((c) => Object.keys(c)))].sort();
  const index = new Map(keys.map((k, i) => [k, i]));
  const vectors = denseCounts(charts, keys);
  const total = new Float64Array(keys.length);
  for (const v of vectors) addInto(total, v);
  const compiled = Object.entries(defs).map(([id, d]) => ({
    id,
    num: compile(d.num, index),
    den: compile(d.den, index),
    n: compile(d.n, index),
  }));
  const draws = compiled.map(() => [] as number[]);
  if (charts.length > 0)
    resample([vectors], [keys.length], opts, ([sum]) =>
      compiled.forEach((c, i) => draws[i]!.push(ratio(sum!, c.num, c.den))),
    );
  const out: Record<string, Interval> = {};
  compiled.forEach((c, i) => {
    const value = ratio(total, c.num, c.den);
    const ci = Number.isNaN(value) ? null : percentileInterval(draws[i]!, opts.level);
    out[c.id] = {
      value: Number.isNaN(value) ? null : value,
      n: dot(total, c.n),
      lo: ci?.[0] ?? null,
      hi: ci?.[1] ?? null,
    };
  });
  return out;
}

export interface PairedDifference {
  before: number | null;
  after: number | null;
  /** after − before, over the charts both runs scored. */
  difference: number | null;
  lo: number | null;
  hi: number | null;
  /** The interval lies wholly above or below zero. */
  excludesZero: boolean;
}

/**
 * Paired bootstrap: the same resampled charts are scored in both runs, so the chart-to-chart spread
 * that both runs share cancels out of the difference. `before[i]` and `after[i]` are the same chart.
 */
export function pairedDifferences(
  before: Record<string, number>[],
  after: Record<string, number>[],
  defs: Record<string, RatioDef>,
  opts: BootstrapOptions,
): Record<string, PairedDifference> {
  const keys = [...new Set([...before, ...after].flatMap((c) => Object.keys(c)))].sort();
  const index = new Map(keys.map((k, i) => [k, i]));
  const vectors = [denseCounts(before, keys), denseCounts(after, keys)];
  const totals = vectors.map((vs) => vs.reduce((t, v) => addInto(t, v), new Float64Array(keys.length)));
  const compiled = Object.entries(defs).map(([id, d]) => ({
    id,
    num: compile(d.num, index),
    den: compile(d.den, index),
  }));
  const draws = compiled.map(() => [] as number[]);
  if (before.length > 0) {
    resample(vectors, [keys.length, keys.length], opts, ([a, b]) =>
      compiled.forEach((c, i) => draws[i]!.push(ratio(b!, c.num, c.den) - ratio(a!, c.num, c.den))),
    );
  }
  const out: Record<string, PairedDifference> = {};
  compiled.forEach((c, i) => {
    const [a, b] = totals.map((t) => ratio(t, c.num, c.den));
    const finite = (x: number) => (Number.isNaN(x) ? null : x);
    const difference = Number.isNaN(a!) || Number.isNaN(b!) ? null : b! - a!;
    const ci = difference === null ? null : percentileInterval(draws[i]!, opts.level);
    out[c.id] = {
      before: finite(a!),
      after: finite(b!),
      difference,
      lo: ci?.[0] ?? null,
      hi: ci?.[1] ?? null,
      excludesZero: ci !== null && (ci[0] > 0 || ci[1] < 0),
    };
  });
  return out;
}
