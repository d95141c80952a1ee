/**
 * Which features score-confidence's calibration may use after a learned ranking. `all`: every feature
 * (the rules' evidence can still reorder what the model ranked). `rank`: only the bias and the fused
 * score, so the rows' confidence is a monotone map of the re-ranker's score and their order is the one
 * the re-ranker chose. `chartcoder train` picks between them by the cross-validated objective.
 */
import { FEATURES, type FeatureName } from '../scoring/features.js';
import type { Example } from '../calibrate/gold-examples.js';

export type CalibrationFeatures = 'all' | 'rank';

export const CALIBRATION_FEATURE_SETS: CalibrationFeatures[] = ['all', 'rank'];

const RANK_ONLY: ReadonlySet<FeatureName> = new Set(['bias', 'rankLogit']);

const kept = (set: CalibrationFeatures, f: FeatureName) => set === 'all' || RANK_ONLY.has(f);

/** The examples with every feature outside the set at 0 (what the fit and its cross-validation see). */
export function restrictExamples(examples: Example[], set: CalibrationFeatures): Example[] {
  if (set === 'all') return examples;
  const mask = FEATURES.map((f) => kept(set, f));
  return examples.map((e) => ({ ...e, x: e.x.map((v, i) => (mask[i] ? v : 0)) }));
}

/** Fitted weights as the calibration file stores them: a feature outside the set weighs 0 (not its prior weight). */
export function restrictWeights(weights: number[], set: CalibrationFeatures): number[] {
  return weights.map((w, i) => (kept(set, FEATURES[i]!) ? w : 0));
}
