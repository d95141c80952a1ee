/**
 * Fit a scoring model on labelled examples and choose its auto threshold, and measure the whole
 * procedure by k-fold cross-validation over charts (every suggestion of a chart in the same fold:
 * suggestions of one chart are not independent). Folds are charts sorted by id, dealt round-robin,
 * so the result is the same on every run.
 *
 * The isotonic map is fitted on cross-fitted (out-of-fold) logistic scores, never on scores the
 * logistic fit saw: on its own training scores it would learn the fit's overconfidence. The threshold
 * must reach the target precision on the final model's scores (what `eval` on the same gold measures)
 * and on those pooled with the out-of-fold scores (a guard against a threshold only overfitting justifies;
 * out-of-fold alone is so noisy on a few dozen charts that it costs much coverage for no measured gain).
 */
import { chooseThreshold, type ScoredRow } from './choose-threshold.js';
import type { Example } from './gold-examples.js';
import { fitIsotonic } from './isotonic-regression.js';
import { fitLogistic } from './logistic-regression.js';
import { dot, sigmoid } from '../scoring/model-math.js';
import { calibrated, PRIOR_VECTOR, predict, type ScoringModel } from '../scoring/scorer.js';

export type Method = 'logistic' | 'isotonic';

export interface FitOptions {
  method: Method;
  l2: number;
  folds: number;
  targetPrecision: number;
}

export interface FittedModel extends ScoringModel {
  threshold: number | null;
}

export function fitModel(examples: Example[], opts: FitOptions): FittedModel {
  const weights = fitWeights(examples, opts.l2);
  const inner = chartFolds(examples, opts.folds);
  // out-of-fold raw scores: each example scored by a fit that did not see its chart
  const oofRaw = new Array<number>(examples.length).fill(0);
  for (const test of inner) {
    const w = fitWeights(
      examples.filter((_, i) => !test.has(i)),
      opts.l2,
    );
    for (const i of test) oofRaw[i] = sigmoid(dot(w, examples[i]!.x));
  }
  const isotonic =
    opts.method === 'isotonic'
      ? fitIsotonic(
          oofRaw,
          examples.map((e) => (e.correct ? 1 : 0)),
        )
      : undefined;
  const model: ScoringModel = { weights, ...(isotonic ? { isotonic } : {}) };
  const fitted = rows(examples, (e) => predict(model, e.x));
  const outOfFold = rows(examples, (_, i) => calibrated(model, oofRaw[i]!));
  // the fitted scores flatter the fit; pooled with out-of-fold ones they do less: both must reach the target
  return { ...model, threshold: chooseThreshold([fitted, [...fitted, ...outOfFold]], opts.targetPrecision) };
}

/** Held-out rows of k-fold cross-validation by chart: each fold scored by a model fitted (threshold included) without it. */
export function crossValidate(examples: Example[], opts: FitOptions): { rows: ScoredRow[]; auto: boolean[] } {
  const out: ScoredRow[] = new Array(examples.length);
  const auto = new Array<boolean>(examples.length).fill(false);
  for (const test of chartFolds(examples, opts.folds)) {
    const m = fitModel(
      examples.filter((_, i) => !test.has(i)),
      opts,
    );
    for (const i of test) {
      const e = examples[i]!;
      const confidence = predict(m, e.x);
      out[i] = { confidence, correct: e.correct, blocked: e.blocked };
      auto[i] = !e.blocked && m.threshold !== null && confidence >= m.threshold;
    }
  }
  return { rows: out, auto };
}

export function rows(examples: Example[], score: (e: Example, i: number) => number): ScoredRow[] {
  return examples.map((e, i) => ({ confidence: score(e, i), correct: e.correct, blocked: e.blocked }));
}

function fitWeights(examples: Example[], l2: number): number[] {
  if (examples.length === 0) return [...PRIOR_VECTOR];
  return fitLogistic(
    examples.map((e) => e.x),
    examples.map((e) => (e.correct ? 1 : 0)),
    { l2, prior: PRIOR_VECTOR },
  ).weights;
}

/** Example indexes per fold; charts sorted by id and dealt round-robin. Fewer charts than folds: one fold per chart. */
export function chartFolds(examples: Example[], k: number): Set<number>[] {
  const charts = [...new Set(examples.map((e) => e.chartId))].sort();
  const n = Math.max(1, Math.min(k, charts.length));
  const foldOf = new Map(charts.map((c, i) => [c, i % n]));
  const folds = Array.from({ length: n }, () => new Set<number>());
  examples.forEach((e, i) => folds[foldOf.get(e.chartId)!]!.add(i));
  return charts.length < 2 ? [] : folds;
}
