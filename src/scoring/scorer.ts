/**
 * Feature values → confidence: the one function score-confidence and `chartcoder calibrate` use (and
 * rank-codes, for each rule code's prior score), so the threshold calibrate chooses is compared against
 * exactly the numbers the batch will show (rounded to three decimals, as codes.csv prints them).
 */
import { FEATURES, type FeatureVector } from './features.js';
import { applyIsotonic, dot, sigmoid, type IsotonicMap } from './model-math.js';
import { PRIOR_WEIGHTS } from './prior-weights.js';

export interface ScoringModel {
  /** One weight per feature, in FEATURES order. */
  weights: number[];
  isotonic?: IsotonicMap;
}

export const PRIOR_VECTOR: number[] = FEATURES.map((f) => PRIOR_WEIGHTS[f] ?? 0);

export const PRIOR_MODEL: ScoringModel = { weights: PRIOR_VECTOR };

/** A stored fit's weights by name, in FEATURES order; a feature the fit does not name keeps its prior weight. */
export function modelFromNamed(weights: Record<string, number>, isotonic?: IsotonicMap): ScoringModel {
  const w = FEATURES.map((f, i) => weights[f] ?? PRIOR_VECTOR[i]!);
  return isotonic ? { weights: w, isotonic } : { weights: w };
}

export const featureValues = (x: FeatureVector): number[] => FEATURES.map((f) => x[f]);

export function predict(m: ScoringModel, x: number[]): number {
  return calibrated(m, sigmoid(dot(m.weights, x)));
}

/** A raw logistic score as shown: through the isotonic map if the model has one, three decimals. */
export function calibrated(m: Pick<ScoringModel, 'isotonic'>, p: number): number {
  return Math.round((m.isotonic ? applyIsotonic(m.isotonic, p) : p) * 1000) / 1000;
}
