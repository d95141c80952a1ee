/**
 * Figures of a pipeline's output rows as `eval` reports them, from cross-validated confidences:
 * micro P/R/F1 over every row, MAP by kind (rows ranked by confidence within a chart), and the auto
 * rows' precision and share of the gold codes.
 */
import { prf, type Prf } from '../evaluate/metrics.js';
import type { Example } from '../calibrate/gold-examples.js';
import type { ScoredRow } from '../calibrate/choose-threshold.js';
import type { TrainingChart } from './training-charts.js';

export interface PipelineFigures {
  overall: Prf;
  map: { diagnoses: number; procedures: number };
  auto: { rows: number; precision: number; shareOfGold: number };
}

export function pipelineFigures(
  charts: TrainingChart[],
  examples: Example[],
  diagnosis: boolean[],
  rows: ScoredRow[],
  auto: boolean[],
): PipelineFigures {
  const goldTotal = charts.reduce((s, c) => s + c.gold.size, 0);
  const tp = examples.filter((e) => e.correct).length;
  const overall = prf(tp, examples.length - tp, goldTotal - tp);
  const byChart = new Map<string, number[]>();
  examples.forEach((e, i) => byChart.set(e.chartId, [...(byChart.get(e.chartId) ?? []), i]));
  const map = { diagnoses: 0, procedures: 0 };
  for (const dx of [true, false]) {
    let sum = 0;
    let docs = 0;
    for (const chart of charts) {
      const gold = [...chart.gold].filter((k) => k.startsWith('icd10cm:') === dx).length;
      if (gold === 0) continue;
      docs++;
      const own = (byChart.get(chart.id) ?? []).filter((i) => diagnosis[i] === dx);
      own.sort((a, b) => rows[b]!.confidence - rows[a]!.confidence || a - b);
      sum += averageOverGold(
        own.map((i) => examples[i]!.correct),
        gold,
      );
    }
    map[dx ? 'diagnoses' : 'procedures'] = docs ? sum / docs : 0;
  }
  const picked = examples.filter((_, i) => auto[i]);
  const autoTp = picked.filter((e) => e.correct).length;
  return {
    overall,
    map,
    auto: {
      rows: picked.length,
      precision: picked.length ? autoTp / picked.length : 0,
      shareOfGold: goldTotal ? autoTp / goldTotal : 0,
    },
  };
}

function averageOverGold(correctInOrder: boolean[], gold: number): number {
  let hits = 0;
  let sum = 0;
  correctInOrder.forEach((c, i) => {
    if (c) sum += ++hits / (i + 1);
  });
  return gold ? sum / gold : 0;
}
