import { describe, expect, it } from 'vitest';
import { fitIsotonic } from '../../src/calibrate/isotonic-regression.js';
import { applyIsotonic } from '../../src/scoring/model-math.js';

describe('isotonic regression (pool adjacent violators)', () => {
  it('pools the violators into their mean', () => {
    const m = fitIsotonic([0.1, 0.2, 0.3, 0.4], [1, 0, 1, 1]);
    expect([0.1, 0.2, 0.3, 0.4].map((s) => applyIsotonic(m, s))).toEqual([0.5, 0.5, 1, 1]);
  });

  it('gives equal scores one value, and interpolates between blocks, flat outside', () => {
    const m = fitIsotonic([0.2, 0.2, 0.6, 0.6], [0, 1, 1, 1]);
    expect(applyIsotonic(m, 0.2)).toBe(0.5);
    expect(applyIsotonic(m, 0.4)).toBeCloseTo(0.75, 12);
    expect(applyIsotonic(m, 0)).toBe(0.5);
    expect(applyIsotonic(m, 1)).toBe(1);
  });

  it('is monotone: a higher score never gets a lower probability, whatever the labels', () => {
    let s = 11;
    const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const scores = Array.from({ length: 400 }, () => Math.round(rnd() * 100) / 100);
    const labels = scores.map((x) => (rnd() < x * 0.8 + 0.1 ? 1 : 0));
    const m = fitIsotonic(scores, labels);
    const grid = Array.from({ length: 1001 }, (_, i) => i / 1000).map((x) => applyIsotonic(m, x));
    for (let i = 1; i < grid.length; i++) expect(grid[i]!).toBeGreaterThanOrEqual(grid[i - 1]!);
    expect(grid[0]).toBeGreaterThanOrEqual(0);
    expect(grid.at(-1)).toBeLessThanOrEqual(1);
    // least squares keeps the mean: the fitted values average to the base rate
    const fitted = scores.map((x) => applyIsotonic(m, x));
    expect(fitted.reduce((a, b) => a + b, 0) / fitted.length).toBeCloseTo(
      labels.reduce((a, b) => a + b, 0) / labels.length,
      10,
    );
  });
});
