/**
 * Pure scoring functions. Each takes plain data and returns numbers; hand-computed examples in
 * test/evaluate/metrics.test.ts pin every one of them down.
 */

export interface Prf {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** P, R and F1 from counts; an empty denominator gives 0 (nothing predicted is not perfect precision). */
export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

/** Micro counts over (document, label) pairs. */
export function microPrf(gold: Map<string, Set<string>>, pred: Map<string, Set<string>>): Prf {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const doc of new Set([...gold.keys(), ...pred.keys()])) {
    const g = gold.get(doc) ?? new Set();
    const p = pred.get(doc) ?? new Set();
    for (const x of p)
      if (g.has(x)) tp++;
      else fp++;
    for (const x of g) if (!p.has(x)) fn++;
  }
  return prf(tp, fp, fn);
}

/** Macro: the mean over labels (codes) of each label's P, R and F1, over labels seen in gold or predictions. */
export function macroPrf(
  gold: Map<string, Set<string>>,
  pred: Map<string, Set<string>>,
): { precision: number; recall: number; f1: number; labels: number } {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const bump = (label: string, k: 'tp' | 'fp' | 'fn') => {
    const c = counts.get(label) ?? { tp: 0, fp: 0, fn: 0 };
    c[k]++;
    counts.set(label, c);
  };
  for (const doc of new Set([...gold.keys(), ...pred.keys()])) {
    const g = gold.get(doc) ?? new Set();
    const p = pred.get(doc) ?? new Set();
    for (const x of p) bump(x, g.has(x) ? 'tp' : 'fp');
    for (const x of g) if (!p.has(x)) bump(x, 'fn');
  }
  const all = [...counts.values()].map((c) => prf(c.tp, c.fp, c.fn));
  const mean = (k: 'precision' | 'recall' | 'f1') => (all.length ? all.reduce((s, x) => s + x[k], 0) / all.length : 0);
  return { precision: mean('precision'), recall: mean('recall'), f1: mean('f1'), labels: all.length };
}

/**
 * Average precision of one ranked list against a gold set, as CodiEsp (and trec_eval) define it:
 * the mean over gold labels of precision at the rank where each is found (0 for those never found).
 */
export function averagePrecision(ranked: string[], gold: Set<string>): number {
  if (gold.size === 0) return 0;
  let hits = 0;
  let sum = 0;
  const seen = new Set<string>();
  ranked.forEach((label, i) => {
    if (seen.has(label)) return;
    seen.add(label);
    if (gold.has(label)) {
      hits++;
      sum += hits / (i + 1);
    }
  });
  return sum / gold.size;
}

/** Mean average precision over documents that have gold labels (a document with none predicted scores 0). */
export function meanAveragePrecision(gold: Map<string, Set<string>>, ranked: Map<string, string[]>): number {
  const docs = [...gold.entries()].filter(([, g]) => g.size > 0);
  if (docs.length === 0) return 0;
  return docs.reduce((s, [doc, g]) => s + averagePrecision(ranked.get(doc) ?? [], g), 0) / docs.length;
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  meanConfidence: number;
  accuracy: number;
}

/** Equal-width confidence bins; the last bin includes 1.0. */
export function reliabilityBins(items: { confidence: number; correct: boolean }[], bins = 10): ReliabilityBin[] {
  const out: ReliabilityBin[] = Array.from({ length: bins }, (_, i) => ({
    lo: i / bins,
    hi: (i + 1) / bins,
    count: 0,
    meanConfidence: 0,
    accuracy: 0,
  }));
  for (const it of items) {
    const b = out[Math.min(bins - 1, Math.floor(it.confidence * bins))]!;
    b.count++;
    b.meanConfidence += it.confidence;
    b.accuracy += it.correct ? 1 : 0;
  }
  for (const b of out) {
    if (b.count) {
      b.meanConfidence /= b.count;
      b.accuracy /= b.count;
    }
  }
  return out;
}

/** Expected calibration error: Σ (n_b / N) · |accuracy_b − confidence_b|. */
export function expectedCalibrationError(bins: ReliabilityBin[]): number {
  const n = bins.reduce((s, b) => s + b.count, 0);
  if (n === 0) return 0;
  return bins.reduce((s, b) => s + (b.count / n) * Math.abs(b.accuracy - b.meanConfidence), 0);
}

export interface CoveragePoint {
  threshold: number;
  precision: number;
  coverage: number;
}

/**
 * Precision–coverage curve: accept every prediction at or above each distinct confidence; coverage is
 * the share of all gold labels found among the accepted ones.
 */
export function precisionCoverageCurve(
  items: { confidence: number; correct: boolean }[],
  goldTotal: number,
): CoveragePoint[] {
  const sorted = [...items].sort((a, b) => b.confidence - a.confidence);
  const out: CoveragePoint[] = [];
  let tp = 0;
  sorted.forEach((it, i) => {
    if (it.correct) tp++;
    const next = sorted[i + 1];
    if (next && next.confidence === it.confidence) return;
    out.push({ threshold: it.confidence, precision: tp / (i + 1), coverage: goldTotal ? tp / goldTotal : 0 });
  });
  return out;
}

/** The highest coverage whose precision is at least `minPrecision`, and the threshold that gives it. */
export function coverageAtPrecision(curve: CoveragePoint[], minPrecision: number): CoveragePoint | undefined {
  let best: CoveragePoint | undefined;
  for (const p of curve) if (p.precision >= minPrecision && (!best || p.coverage > best.coverage)) best = p;
  return best;
}

/** Token-level F1 between two sets of character ranges over the same text (tokens are word spans). */
export function rangeTokenF1(
  text: string,
  predicted: { start: number; end: number }[],
  gold: { start: number; end: number }[],
): number {
  const tokens = [...text.matchAll(/[A-Za-z0-9]+/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
  const covered = (ranges: { start: number; end: number }[]) =>
    new Set(tokens.flatMap((t, i) => (ranges.some((r) => t.start < r.end && t.end > r.start) ? [i] : [])));
  const p = covered(predicted);
  const g = covered(gold);
  let tp = 0;
  for (const i of p) if (g.has(i)) tp++;
  return prf(tp, p.size - tp, g.size - tp).f1;
}
