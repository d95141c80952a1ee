/**
 * Gradient-boosted regression trees under the logistic loss, for the re-ranker. Each feature is cut
 * once into at most `bins` quantile bins (Float32 edges, the same values the model file keeps), so
 * finding a split is a pass over per-bin gradient sums rather than a sort; trees are grown level by
 * level to a fixed depth (Newton leaf values, L2 on the leaves, at least `minLeaf` rows a side), each
 * on a row sample drawn by a seeded PRNG, and shrunk by the learning rate. Same rows and seed, same
 * trees: training stays deterministic. `fitTrees` can report the ensemble after chosen numbers of
 * trees, so cross-validation scores several tree counts from one fit.
 */
import { internalNodes, type TreeEnsemble } from '../rank-codes/trees.js';
import { seededRandom } from '../scoring/seeded-random.js';

export interface TreeOptions {
  trees: number;
  depth: number;
  learningRate: number;
  /** Fewest sampled rows on each side of a split. */
  minLeaf: number;
  /** Share of rows each tree is grown on. */
  subsample: number;
  /** L2 on leaf values (Newton step -G / (H + l2)). */
  l2: number;
  bins: number;
  seed: number;
}

export const TREE_DEFAULTS: TreeOptions = {
  trees: 300,
  depth: 4,
  learningRate: 0.05,
  minLeaf: 20,
  subsample: 0.7,
  l2: 1,
  bins: 64,
  seed: 1,
};

interface Binned {
  /** Row-major: bin of row r's feature f at r * features + f. */
  bin: Uint8Array;
  /** Per feature, ascending Float32 edges: bin b holds values in (edges[b-1], edges[b]]; the last bin, above every edge. */
  edges: Float32Array[];
}

function binRows(xs: ArrayLike<number>[], features: number, bins: number): Binned {
  const n = xs.length;
  const edges: Float32Array[] = [];
  const bin = new Uint8Array(n * features);
  const col = new Float64Array(n);
  for (let f = 0; f < features; f++) {
    for (let r = 0; r < n; r++) col[r] = Math.fround(xs[r]![f]!);
    const sorted = Float64Array.from(col).sort();
    const cut: number[] = [];
    for (let b = 1; b < bins; b++) {
      const v = sorted[Math.min(n - 1, Math.floor((b * n) / bins))]!;
      // an edge is a value some row has; the top value needs none (the last bin holds it)
      const e = sorted[Math.max(0, lowerIndex(sorted, v) - 1)]!;
      if (e < sorted[n - 1]! && (cut.length === 0 || e > cut[cut.length - 1]!)) cut.push(e);
    }
    if (n > 0 && cut.length === 0 && sorted[0]! < sorted[n - 1]!) cut.push(sorted[0]!);
    const e = Float32Array.from(cut);
    edges.push(e);
    for (let r = 0; r < n; r++) bin[r * features + f] = upperBin(e, col[r]!);
  }
  return { bin, edges };
}

/** First index whose value is >= v. */
function lowerIndex(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The bin of v: the first edge it does not exceed (edges.length when above all). */
function upperBin(edges: Float32Array, v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v > edges[mid]!) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface FittedTrees {
  /** The ensemble after each asked-for number of trees (checkpoints ascending), sharing the arrays of the last. */
  at: Map<number, TreeEnsemble>;
  last: TreeEnsemble;
}

/**
 * Fit on rows `xs` (features in a fixed order) and labels `y` (0/1). `checkpoints` are tree counts to
 * report besides `opts.trees`.
 */
export function fitTrees(
  xs: ArrayLike<number>[],
  y: ArrayLike<number>,
  opts: TreeOptions,
  checkpoints: number[] = [],
): FittedTrees {
  const n = xs.length;
  const features = n ? xs[0]!.length : 0;
  const depth = opts.depth;
  const inner = internalNodes(depth);
  const leaves = 1 << depth;
  const feature = new Int32Array(opts.trees * inner);
  const threshold = new Float32Array(opts.trees * inner).fill(Infinity);
  const leaf = new Float32Array(opts.trees * leaves);
  let positives = 0;
  for (let r = 0; r < n; r++) positives += y[r]!;
  // base rate, clamped away from 0 and 1 so a one-class fold still gives a finite log-odds
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, n ? positives / n : 0.5));
  const base = Math.log(rate / (1 - rate));
  const out: FittedTrees = {
    at: new Map(),
    last: { base, depth, feature, threshold, leaf },
  };
  if (n === 0 || features === 0) {
    out.last = { base, depth, feature: new Int32Array(0), threshold: new Float32Array(0), leaf: new Float32Array(0) };
    return out;
  }
  const { bin, edges } = binRows(xs, features, opts.bins);
  const nb = opts.bins;
  const z = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const node = new Int32Array(n);
  const sampled = new Uint8Array(n);
  const rand = seededRandom(opts.seed);
  // histograms (gradient, hessian, rows per feature and bin) of one level's nodes, and of the level above
  const slot = features * nb;
  const half = 1 << Math.max(0, depth - 1);
  let histG = new Float64Array(half * slot);
  let histH = new Float64Array(half * slot);
  let histN = new Int32Array(half * slot);
  let prevG = new Float64Array(half * slot);
  let prevH = new Float64Array(half * slot);
  let prevN = new Int32Array(half * slot);
  const rowsIn = new Int32Array(2 * half);
  const build = new Uint8Array(half);
  const wanted = new Set(checkpoints.filter((c) => c > 0 && c < opts.trees));

  for (let k = 0; k < opts.trees; k++) {
    for (let r = 0; r < n; r++) {
      const p = 1 / (1 + Math.exp(-z[r]!));
      g[r] = p - y[r]!;
      h[r] = Math.max(p * (1 - p), 1e-12);
      sampled[r] = rand() < opts.subsample ? 1 : 0;
      node[r] = 0;
    }
    const off = k * inner;
    // per node of this tree, the highest bin that goes left (every bin until it splits)
    const splitBin = new Int32Array(inner).fill(nb);
    // level by level: nodes of level d are 2^d - 1 .. 2^(d+1) - 2
    for (let d = 0; d < depth; d++) {
      const first = (1 << d) - 1;
      const count = 1 << d;
      // the smaller child of each pair is counted from its rows; its sibling is the parent minus it
      build.fill(0);
      if (d === 0) build[0] = 1;
      else for (let m = 0; m < count; m += 2) build[rowsIn[m]! <= rowsIn[m + 1]! ? m : m + 1] = 1;
      histG.fill(0, 0, count * slot);
      histH.fill(0, 0, count * slot);
      histN.fill(0, 0, count * slot);
      for (let r = 0; r < n; r++) {
        if (!sampled[r]) continue;
        const m = node[r]! - first;
        if (!build[m]) continue;
        const gr = g[r]!;
        const hr = h[r]!;
        const row = r * features;
        const at = m * slot;
        for (let f = 0; f < features; f++) {
          const i = at + f * nb + bin[row + f]!;
          histG[i]! += gr;
          histH[i]! += hr;
          histN[i]!++;
        }
      }
      if (d > 0)
        for (let m = 0; m < count; m++) {
          if (build[m]) continue;
          const own = m * slot;
          const sib = (m ^ 1) * slot;
          const par = (m >> 1) * slot;
          for (let i = 0; i < slot; i++) {
            histG[own + i] = prevG[par + i]! - histG[sib + i]!;
            histH[own + i] = prevH[par + i]! - histH[sib + i]!;
            histN[own + i] = prevN[par + i]! - histN[sib + i]!;
          }
        }
      for (let m = 0; m < count; m++) {
        const nd = first + m;
        const at = m * slot;
        let G = 0;
        let H = 0;
        let N = 0;
        for (let b = 0; b < nb; b++) [G, H, N] = [G + histG[at + b]!, H + histH[at + b]!, N + histN[at + b]!];
        if (N < 2 * opts.minLeaf) continue;
        const parent = (G * G) / (H + opts.l2);
        let bestGain = 1e-9;
        let bestF = -1;
        let bestB = -1;
        for (let f = 0; f < features; f++) {
          const cuts = edges[f]!.length;
          let gl = 0;
          let hl = 0;
          let nl = 0;
          for (let b = 0; b < cuts; b++) {
            const i = at + f * nb + b;
            gl += histG[i]!;
            hl += histH[i]!;
            nl += histN[i]!;
            if (nl < opts.minLeaf) continue;
            if (N - nl < opts.minLeaf) break;
            const gr = G - gl;
            const hr = H - hl;
            const gain = (gl * gl) / (hl + opts.l2) + (gr * gr) / (hr + opts.l2) - parent;
            if (gain > bestGain) [bestGain, bestF, bestB] = [gain, f, b];
          }
        }
        if (bestF < 0) continue;
        feature[off + nd] = bestF;
        threshold[off + nd] = edges[bestF]![bestB]!;
        splitBin[nd] = bestB;
      }
      // every row (sampled or not) moves down by the node's rule, as prediction will move it
      rowsIn.fill(0);
      for (let r = 0; r < n; r++) {
        const nd = node[r]!;
        const child = 2 * nd + (bin[r * features + feature[off + nd]!]! > splitBin[nd]! ? 2 : 1);
        node[r] = child;
        if (sampled[r]) rowsIn[child - (2 * first + 1)]!++;
      }
      [histG, prevG] = [prevG, histG];
      [histH, prevH] = [prevH, histH];
      [histN, prevN] = [prevN, histN];
    }
    // Newton leaf values on the sampled rows, shrunk
    const lg = new Float64Array(leaves);
    const lh = new Float64Array(leaves);
    for (let r = 0; r < n; r++) {
      if (!sampled[r]) continue;
      lg[node[r]! - inner]! += g[r]!;
      lh[node[r]! - inner]! += h[r]!;
    }
    for (let l = 0; l < leaves; l++)
      leaf[k * leaves + l] = Math.fround((-opts.learningRate * lg[l]!) / (lh[l]! + opts.l2));
    for (let r = 0; r < n; r++) z[r]! += leaf[k * leaves + node[r]! - inner]!;
    if (wanted.has(k + 1)) out.at.set(k + 1, slice(out.last, k + 1));
  }
  out.at.set(opts.trees, out.last);
  return out;
}

function slice(t: TreeEnsemble, trees: number): TreeEnsemble {
  const inner = internalNodes(t.depth);
  return {
    base: t.base,
    depth: t.depth,
    feature: t.feature.subarray(0, trees * inner),
    threshold: t.threshold.subarray(0, trees * inner),
    leaf: t.leaf.subarray(0, trees << t.depth),
  };
}
