/**
 * L2-regularized logistic regression, fitted by Newton's method (iteratively reweighted least
 * squares). Small and exact for the few dozen features and few thousand rows a gold set has, and
 * deterministic: no random start, no learning rate to tune (a step is halved only when it would raise
 * the loss). The penalty is on the distance from a prior weight vector (zero by default), the bias
 * included, so a feature the data never shows keeps its prior weight.
 */
import { dot, sigmoid } from '../scoring/model-math.js';

export interface LogisticFit {
  weights: number[];
  iterations: number;
  converged: boolean;
}

export interface LogisticOptions {
  /** Strength of the L2 penalty λ in Σ log-loss + λ/2 · |w − prior|². */
  l2: number;
  prior?: number[];
  maxIterations?: number;
  /** Stop when no weight moves by more than this. */
  tolerance?: number;
}

export function fitLogistic(xs: number[][], ys: number[], opts: LogisticOptions): LogisticFit {
  const d = xs[0]?.length ?? opts.prior?.length ?? 0;
  const prior = opts.prior ?? new Array<number>(d).fill(0);
  const w = [...prior];
  const maxIterations = opts.maxIterations ?? 50;
  for (let it = 1; it <= maxIterations; it++) {
    // gradient g = Σ (p − y) x + λ (w − prior); Hessian H = Σ p(1−p) x xᵀ + λ I
    const g = w.map((wi, j) => opts.l2 * (wi - prior[j]!));
    const h = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? opts.l2 : 0)));
    xs.forEach((x, n) => {
      const p = sigmoid(dot(w, x));
      const r = p * (1 - p);
      for (let i = 0; i < d; i++) {
        if (x[i] === 0) continue;
        g[i]! += (p - ys[n]!) * x[i]!;
        for (let j = 0; j < d; j++) h[i]![j]! += r * x[i]! * x[j]!;
      }
    });
    const step = solveSymmetric(h, g);
    // a full Newton step can overshoot where the sigmoid saturates: halve it until the loss falls
    const current = loss(w, xs, ys, opts.l2, prior);
    let t = 1;
    let next = w.map((wi, i) => wi - step[i]!);
    while (loss(next, xs, ys, opts.l2, prior) > current && t > 1e-10) {
      t /= 2;
      next = w.map((wi, i) => wi - t * step[i]!);
    }
    const moved = Math.max(0, ...next.map((v, i) => Math.abs(v - w[i]!)));
    next.forEach((v, i) => (w[i] = v));
    if (moved < (opts.tolerance ?? 1e-9)) return { weights: w, iterations: it, converged: true };
  }
  return { weights: w, iterations: maxIterations, converged: false };
}

/** log(1 + e^z) without overflow. */
const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/** Penalized negative log-likelihood: Σ y·softplus(−z) + (1−y)·softplus(z), plus λ/2 · |w − prior|². */
export function loss(w: number[], xs: number[][], ys: number[], l2: number, prior: number[]): number {
  let f = 0;
  xs.forEach((x, n) => {
    const z = dot(w, x);
    f += ys[n]! * softplus(-z) + (1 - ys[n]!) * softplus(z);
  });
  for (let i = 0; i < w.length; i++) f += (l2 / 2) * (w[i]! - prior[i]!) ** 2;
  return f;
}

/**
 * Solve H s = g for a symmetric positive-definite H (λ > 0 guarantees it) by Cholesky factorization.
 */
export function solveSymmetric(h: number[][], g: number[]): number[] {
  const n = g.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = h[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error('matrix is not positive definite: use an L2 penalty above 0');
        l[i]![i] = Math.sqrt(s);
      } else l[i]![j] = s / l[j]![j]!;
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = g[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
    y[i] = s / l[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!;
    x[i] = s / l[i]![i]!;
  }
  return x;
}
