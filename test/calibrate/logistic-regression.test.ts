import { describe, expect, it } from 'vitest';
import { fitLogistic, solveSymmetric } from '../../src/calibrate/logistic-regression.js';
import { sigmoid } from '../../src/scoring/model-math.js';

/** A seeded generator (Park–Miller), so the synthetic data are the same on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** Labels drawn from a known logistic model over a bias, a binary and a continuous feature. */
function synthetic(weights: number[], n: number, seed = 7): { xs: number[][]; ys: number[] } {
  const rnd = random(seed);
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = [1, rnd() < 0.4 ? 1 : 0, rnd() * 4 - 2];
    xs.push(x);
    ys.push(rnd() < sigmoid(x.reduce((s, v, j) => s + v * weights[j]!, 0)) ? 1 : 0);
  }
  return { xs, ys };
}

describe('logistic regression (L2, Newton)', () => {
  it('recovers the weights that generated the labels', () => {
    const truth = [-0.5, 1.8, -1.2];
    const { xs, ys } = synthetic(truth, 20_000);
    const fit = fitLogistic(xs, ys, { l2: 0.01 });
    expect(fit.converged).toBe(true);
    fit.weights.forEach((w, j) => expect(Math.abs(w - truth[j]!), `weight ${j}: ${w}`).toBeLessThan(0.08));
  });

  it('is deterministic: the same data give the same weights to the last bit', () => {
    const { xs, ys } = synthetic([0.3, 1, -1], 500);
    expect(fitLogistic(xs, ys, { l2: 1 }).weights).toEqual(fitLogistic(xs, ys, { l2: 1 }).weights);
  });

  it('keeps the prior weight of a feature the data never show, and pulls the rest towards the prior as λ grows', () => {
    const { xs, ys } = synthetic([0.3, 1.5, -1], 2000);
    const withUnseen = xs.map((x) => [...x, 0]);
    const prior = [0, 0, 0, -2];
    expect(fitLogistic(withUnseen, ys, { l2: 1, prior }).weights[3]).toBe(-2);
    const loose = fitLogistic(xs, ys, { l2: 0.01 }).weights[1]!;
    const tight = fitLogistic(xs, ys, { l2: 10_000 }).weights[1]!;
    expect(loose).toBeGreaterThan(1.2);
    expect(Math.abs(tight)).toBeLessThan(0.1);
  });

  it('converges on separable data (the penalty keeps the weights finite)', () => {
    const xs = [
      [1, 0],
      [1, 0],
      [1, 1],
      [1, 1],
    ];
    const fit = fitLogistic(xs, [0, 0, 1, 1], { l2: 0.1 });
    expect(fit.converged).toBe(true);
    expect(fit.weights[1]).toBeGreaterThan(2);
    expect(Number.isFinite(fit.weights[1])).toBe(true);
  });

  it('solves a symmetric positive-definite system', () => {
    expect(
      solveSymmetric(
        [
          [4, 2],
          [2, 3],
        ],
        [2, 5],
      ).map((v) => Math.round(v * 1e9) / 1e9),
    ).toEqual([-0.5, 2]);
  });
});
