/**
 * The re-ranker: one model per kind of code (diagnoses; procedures) over the (chart, candidate)
 * features, either an L2-regularized logistic regression fitted with calibrate's Newton solver or
 * gradient-boosted trees (fit-trees.ts); choose-ranker.ts picks between them by cross-validation. Rows are the
 * out-of-fold candidates of the training charts: the text-model and neighbour features of a chart
 * come from parts fitted without it, as they will be for a chart the model has never seen.
 */
import { fitLogistic } from '../calibrate/logistic-regression.js';
import { RANK_FEATURES } from '../rank-codes/rank-features.js';
import type { Ranker, Rankers } from '../rank-codes/rank-model.js';
import { fitTrees, type TreeOptions } from './fit-trees.js';

export interface RankRow {
  chart: number;
  key: string;
  diagnosis: boolean;
  /** Proposed by no rule. */
  modelOnly: boolean;
  x: number[];
  y: number;
}

/** How to fit one kind's re-ranker: logistic regression with this L2, or boosted trees with these options. */
export type RankerSpec = { kind: 'linear'; l2: number } | { kind: 'trees'; options: TreeOptions };

export const specName = (s: RankerSpec) =>
  s.kind === 'linear'
    ? `linear l2=${s.l2}`
    : `trees ${s.options.trees}×depth ${s.options.depth}, rate ${s.options.learningRate}`;

/** One kind's re-ranker fitted on its rows (a kind with no rows weighs nothing: every score 0.5). */
export function fitRanker(own: RankRow[], spec: RankerSpec): Ranker {
  if (spec.kind === 'trees')
    return {
      kind: 'trees',
      trees: fitTrees(
        own.map((r) => r.x),
        own.map((r) => r.y),
        spec.options,
      ).last,
    };
  if (own.length === 0) return { kind: 'linear', weights: RANK_FEATURES.map(() => 0) };
  return {
    kind: 'linear',
    weights: fitLogistic(
      own.map((r) => r.x),
      own.map((r) => r.y),
      { l2: spec.l2, maxIterations: 30, tolerance: 1e-6 },
    ).weights,
  };
}

export function fitRankers(rows: RankRow[], spec: { diagnosis: RankerSpec; procedure: RankerSpec }): Rankers {
  return {
    diagnosis: fitRanker(
      rows.filter((r) => r.diagnosis),
      spec.diagnosis,
    ),
    procedure: fitRanker(
      rows.filter((r) => !r.diagnosis),
      spec.procedure,
    ),
  };
}

/** Mean average precision of candidates ranked by score, per kind, against each chart's gold codes of that kind. */
export function candidateMap(
  rows: RankRow[],
  scores: Float64Array,
  goldCount: (chart: number, diagnosis: boolean) => number,
  charts: number,
): { diagnoses: number; procedures: number } {
  const result = { diagnoses: 0, procedures: 0 };
  for (const diagnosis of [true, false]) {
    const byChart = new Map<number, { s: number; y: number; key: string }[]>();
    rows.forEach((r, i) => {
      if (r.diagnosis !== diagnosis) return;
      const list = byChart.get(r.chart) ?? [];
      list.push({ s: scores[i]!, y: r.y, key: r.key });
      byChart.set(r.chart, list);
    });
    let sum = 0;
    let docs = 0;
    for (let c = 0; c < charts; c++) {
      const g = goldCount(c, diagnosis);
      if (g === 0) continue;
      docs++;
      const ranked = (byChart.get(c) ?? []).sort((a, b) => b.s - a.s || (a.key < b.key ? -1 : 1));
      let hits = 0;
      ranked.forEach((e, i) => {
        if (e.y) sum += ++hits / (i + 1) / g;
      });
    }
    result[diagnosis ? 'diagnoses' : 'procedures'] = docs ? sum / docs : 0;
  }
  return result;
}
