/**
 * A sparse linear text model per code: one-vs-rest logistic regression over the tf-idf vectors of
 * the training charts, fitted by stochastic gradient descent (L2, a decaying step, a fixed shuffle
 * seed, so the same charts give the same weights). Each code keeps only its largest weights, so the
 * model file stays small; scoring goes through an inverted index (term → codes), so a chart costs
 * its own terms, not the number of codes.
 */
import { sigmoid } from '../scoring/model-math.js';
import type { SparseVector } from './text-features.js';
import { seededRandom } from '../scoring/seeded-random.js';

export interface LabelWeights {
  label: string;
  bias: number;
  idx: Int32Array;
  w: Float32Array;
}

export interface TextModelOptions {
  epochs: number;
  l2: number;
  /** Weights kept per code, by absolute size. */
  keep: number;
  /** Codes seen on fewer training charts get no model (the neighbours still propose them). */
  minCharts: number;
}

export const TEXT_MODEL_DEFAULTS: TextModelOptions = { epochs: 8, l2: 1e-4, keep: 300, minCharts: 2 };

export function fitTextModel(
  docs: SparseVector[],
  labels: Set<string>[],
  dims: number,
  opts: TextModelOptions = TEXT_MODEL_DEFAULTS,
): LabelWeights[] {
  const count = new Map<string, number>();
  for (const ls of labels) for (const l of ls) count.set(l, (count.get(l) ?? 0) + 1);
  const chosen = [...count]
    .filter(([, n]) => n >= opts.minCharts)
    .map(([l]) => l)
    .sort();
  const order = docs.map((_, i) => i);
  const rnd = seededRandom(17);
  const v = new Float64Array(dims);
  const out: LabelWeights[] = [];
  for (const label of chosen) {
    v.fill(0);
    let scale = 1;
    let bias = 0;
    let t = 0;
    const eta0 = 0.5;
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      shuffle(order, rnd);
      for (const i of order) {
        const x = docs[i]!;
        const y = labels[i]!.has(label) ? 1 : 0;
        const eta = eta0 / (1 + eta0 * opts.l2 * t++);
        let z = bias;
        for (let k = 0; k < x.idx.length; k++) z += v[x.idx[k]!]! * x.val[k]! * scale;
        const g = sigmoid(z) - y;
        scale *= 1 - eta * opts.l2;
        if (scale < 1e-9) {
          for (let j = 0; j < dims; j++) v[j]! *= scale;
          scale = 1;
        }
        if (g === 0) continue;
        for (let k = 0; k < x.idx.length; k++) v[x.idx[k]!]! -= (eta * g * x.val[k]!) / scale;
        bias -= eta * g;
      }
    }
    out.push(prune(label, bias, v, scale, opts.keep));
  }
  return out;
}

function shuffle(a: number[], rnd: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
}

function prune(label: string, bias: number, v: Float64Array, scale: number, keep: number): LabelWeights {
  const nz: number[] = [];
  for (let j = 0; j < v.length; j++) if (v[j] !== 0) nz.push(j);
  nz.sort((a, b) => Math.abs(v[b]!) - Math.abs(v[a]!) || a - b);
  const top = nz.slice(0, keep).sort((a, b) => a - b);
  return { label, bias, idx: Int32Array.from(top), w: Float32Array.from(top, (j) => v[j]! * scale) };
}

/** Term → (code, weight) postings, built once when the model is loaded. */
export interface TextScorer {
  labels: string[];
  score(x: SparseVector): Float64Array;
  weightsOf(label: string): LabelWeights | undefined;
}

export function textScorer(models: LabelWeights[], dims: number): TextScorer {
  const postings: { label: number; w: number }[][] = Array.from({ length: dims }, () => []);
  models.forEach((m, li) => m.idx.forEach((j, k) => postings[j]!.push({ label: li, w: m.w[k]! })));
  const flat = postings.map((p) => ({
    labels: Int32Array.from(p, (e) => e.label),
    w: Float32Array.from(p, (e) => e.w),
  }));
  const biases = Float64Array.from(models, (m) => m.bias);
  const byLabel = new Map(models.map((m) => [m.label, m]));
  return {
    labels: models.map((m) => m.label),
    weightsOf: (label) => byLabel.get(label),
    score(x) {
      const z = Float64Array.from(biases);
      for (let k = 0; k < x.idx.length; k++) {
        const p = flat[x.idx[k]!]!;
        const xv = x.val[k]!;
        for (let e = 0; e < p.labels.length; e++) z[p.labels[e]!]! += p.w[e]! * xv;
      }
      return z;
    },
  };
}
