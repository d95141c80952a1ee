/**
 * What the pipeline would write for each training chart, out of fold: the rule record ranked with
 * cross-fitted scores (rank-codes), then the stages after it up to score-confidence (the guidelines),
 * then score-confidence's features, labelled against the chart's gold codes (exact codes, as the
 * official CodiEsp script scores: a truncated gold procedure is matched only by the same stem).
 * Without scores it is the rule pipeline as it runs today, for the comparison.
 */
import type { ChartRecord } from '../contract/chart-record.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import type { SectionGroups } from '../contract/section-groups.js';
import { processChart, type ReadyStage } from '../pipeline/process-chart.js';
import { applyRanking } from '../rank-codes/apply-ranking.js';
import type { RankModel, ScoredCandidate } from '../rank-codes/rank-model.js';
import { recordFeatures } from '../scoring/features.js';
import type { Example } from '../calibrate/gold-examples.js';
import { isBlocked } from '../score-confidence/score-confidence-stage.js';
import { featureValues } from '../scoring/scorer.js';
import type { TrainingChart } from './training-charts.js';

export interface Simulated {
  examples: Example[];
  /** Per example: the code's kind, for MAP by kind. */
  diagnosis: boolean[];
  /** Per example: the fused score rank-codes gave it (0 without ranking). */
  rankScore: number[];
}

export async function simulatePipeline(
  charts: TrainingChart[],
  after: ReadyStage[],
  codeSets: CodeSetRegistry,
  groups: SectionGroups,
  ranked?: { scored: ScoredCandidate[][]; model: (chart: number) => RankModel },
): Promise<Simulated> {
  const examples: Example[] = [];
  const diagnosis: boolean[] = [];
  const rankScore: number[] = [];
  for (const [i, chart] of charts.entries()) {
    let record: ChartRecord = structuredClone(chart.record);
    if (ranked) record = applyRanking(record, ranked.scored[i]!, ranked.model(i), codeSets);
    record = await processChart(record, after);
    const xs = recordFeatures(record, codeSets, groups);
    record.codes.forEach((c, k) => {
      examples.push({
        chartId: chart.id,
        x: featureValues(xs[k]!),
        correct: chart.gold.has(`${c.system}:${c.code}`),
        blocked: isBlocked(c, []),
      });
      diagnosis.push(c.system === 'icd10cm');
      rankScore.push(c.features.rankScore ?? 0);
    });
  }
  return { examples, diagnosis, rankScore };
}
