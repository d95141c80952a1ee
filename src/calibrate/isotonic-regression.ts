/**
 * Isotonic regression by pool-adjacent-violators: the non-decreasing step function closest (least
 * squares) to the labels, read as a map from a raw score to a probability. Stored as breakpoints and
 * read with linear interpolation between them (flat outside), so the map is monotone by construction
 * and two scores that rank one way never swap.
 */
import type { IsotonicMap } from '../scoring/model-math.js';

export function fitIsotonic(scores: number[], labels: number[]): IsotonicMap {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]! || a - b);
  // blocks of equal fitted value: sum of labels, count, score range
  const blocks: { sum: number; n: number; lo: number; hi: number }[] = [];
  for (const i of order) {
    const s = scores[i]!;
    const last = blocks.at(-1);
    // equal scores share one value: they cannot be told apart
    if (last && last.hi === s) {
      last.sum += labels[i]!;
      last.n++;
    } else blocks.push({ sum: labels[i]!, n: 1, lo: s, hi: s });
    while (blocks.length > 1) {
      const b = blocks.at(-1)!;
      const a = blocks.at(-2)!;
      if (a.sum / a.n < b.sum / b.n) break;
      blocks.splice(-2, 2, { sum: a.sum + b.sum, n: a.n + b.n, lo: a.lo, hi: b.hi });
    }
  }
  const x: number[] = [];
  const y: number[] = [];
  for (const b of blocks) {
    const v = b.sum / b.n;
    x.push(b.lo);
    y.push(v);
    if (b.hi !== b.lo) {
      x.push(b.hi);
      y.push(v);
    }
  }
  return { x, y };
}
