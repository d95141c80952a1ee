/**
 * The arithmetic that reads a fitted confidence model at run time: the logistic score and the isotonic
 * map from a raw score to a probability. `chartcoder calibrate` (src/calibrate/) fits both; this half
 * is all score-confidence needs, and rank-codes reads its learned linear models with the same logistic.
 */

export const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function dot(w: number[], x: number[]): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i]! * x[i]!;
  return s;
}

/** Breakpoints of a non-decreasing step function, read with linear interpolation between them (flat outside). */
export interface IsotonicMap {
  x: number[];
  y: number[];
}

export function applyIsotonic(map: IsotonicMap, score: number): number {
  const { x, y } = map;
  if (x.length === 0) return score;
  if (score <= x[0]!) return y[0]!;
  if (score >= x.at(-1)!) return y.at(-1)!;
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= score) lo = mid;
    else hi = mid;
  }
  const t = (score - x[lo]!) / (x[hi]! - x[lo]!);
  return y[lo]! + t * (y[hi]! - y[lo]!);
}
