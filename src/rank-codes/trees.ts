/**
 * A gradient-boosted tree ensemble as rank-codes runs it: flat typed arrays, one complete binary tree
 * of a fixed depth per round, so a tree is walked by index arithmetic with no objects per node and
 * the whole ensemble is three arrays in the model file. An internal node sends a row left when its
 * feature is at most the node's threshold (a node that did not split has threshold +Infinity: every
 * row goes left). Leaves hold the learning-rate-scaled log-odds steps; the score is the sigmoid of the
 * base log-odds plus one leaf per tree. Thresholds are Float32 and features are compared as Float32, as
 * training binned them, so a loaded ensemble predicts exactly what the fitted one did.
 */
import { sigmoid } from '../scoring/model-math.js';

export interface TreeEnsemble {
  /** Log-odds before any tree (the training rows' base rate). */
  base: number;
  depth: number;
  /** Per tree, its 2^depth - 1 internal nodes in breadth-first order: the feature index (RANK_FEATURES order). */
  feature: Int32Array;
  threshold: Float32Array;
  /** Per tree, its 2^depth leaves, left to right. */
  leaf: Float32Array;
}

export const internalNodes = (depth: number) => (1 << depth) - 1;

export const treeCount = (t: TreeEnsemble) => t.leaf.length >> t.depth;

/** Log-odds of one row by the first `trees` trees (all by default). */
export function treesLogit(t: TreeEnsemble, x: ArrayLike<number>, trees = treeCount(t)): number {
  const inner = internalNodes(t.depth);
  const leaves = 1 << t.depth;
  let z = t.base;
  for (let k = 0; k < trees; k++) {
    const off = k * inner;
    let node = 0;
    for (let d = 0; d < t.depth; d++)
      node = 2 * node + (Math.fround(x[t.feature[off + node]!]!) > t.threshold[off + node]! ? 2 : 1);
    z += t.leaf[k * leaves + node - inner]!;
  }
  return z;
}

export const treesScore = (t: TreeEnsemble, x: ArrayLike<number>) => sigmoid(treesLogit(t, x));
