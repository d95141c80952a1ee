/**
 * The re-ranker: one L2-regularized logistic regression per kind of code (diagnoses; procedures) over
 * the (chart, candidate) features, fitted with calibrate's Newton solver. Rows are the
 * out-of-fold candidates of the training charts: the text-model and neighbour features of a chart
 * come from parts fitted without it, as they will be for a chart the model has never seen.
 */
import { fitLogistic } from '../calibrate/logistic-regression.js';
import { dot, sigmoid } from '../scoring/model-math.js';
import { RANK_FEATURES } from '../rank-codes/rank-features.js';
import type { Rankers } from '../rank-codes/rank-model.js';

export interface RankRow {
  chart: number;
  key: string;
  diagnosis: boolean;
  /** Proposed by no rule. */
  modelOnly: boolean;
  x: number[];
  y: number;
}

export function fitRankers(rows: RankRow[], l2: number): Rankers {
  const fit = (diagnosis: boolean) => {
    const own = rows.filter((r) => r.diagnosis === diagnosis);
    if (own.length === 0) return RANK_FEATURES.map(() => 0);
    return fitLogistic(
      own.map((r) => r.x),
      own.map((r) => r.y),
      { l2, maxIterations: 30, tolerance: 1e-6 },
    ).weights;
  };
  return { diagnosis: fit(true), procedure: fit(false) };
}

export const rankScore = (rankers: Rankers, r: Pick<RankRow, 'diagnosis' | 'x'>) =>
  sigmoid(dot(r.diagnosis ? rankers.diagnosis : rankers.procedure, r.x));

/** Each row scored by rankers fitted without its chart's fold. */
export function crossFitScores(
  rows: RankRow[],
  foldOf: (chart: number) => number,
  folds: number,
  l2: number,
): Float64Array {
  const out = new Float64Array(rows.length);
  for (let f = 0; f < folds; f++) {
    const rankers = fitRankers(
      rows.filter((r) => foldOf(r.chart) !== f),
      l2,
    );
    rows.forEach((r, i) => {
      if (foldOf(r.chart) === f) out[i] = rankScore(rankers, r);
    });
  }
  return out;
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
