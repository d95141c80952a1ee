/**
 * The training data for `chartcoder calibrate`: run a pipeline's stages up to score-confidence on
 * every gold chart (each with the encounter type its gold states) and label each suggestion right or
 * wrong against the chart's gold codes by the rule `chartcoder eval` scores with (evaluate/gold.ts:
 * exact codes, as the official CodiEsp script). Keeps features and ids only, never chart text.
 */
import type { ChartRecord } from '../contract/chart-record.js';
import { isGoldCode, type GoldChart } from '../evaluate/gold.js';
import { stageSectionGroups, type PipelineConfig } from '../pipeline/config.js';
import { prepareStages } from '../pipeline/prepare-stages.js';
import { newRecord, processChart } from '../pipeline/process-chart.js';
import { hasFatal } from '../contract/chart-record.js';
import { recordFeatures } from '../scoring/features.js';
import { featureValues } from '../scoring/scorer.js';
import { isBlocked } from '../score-confidence/score-confidence-stage.js';

export interface Example {
  chartId: string;
  /** Feature values in FEATURES order. */
  x: number[];
  correct: boolean;
  /** Carries a flag that keeps it from being auto whatever its score. */
  blocked: boolean;
}

export interface GoldExamples {
  examples: Example[];
  charts: number;
  /** Gold charts the pipeline could not code (a fatal issue): their gold codes still count as not found. */
  failedCharts: string[];
  goldCodes: number;
}

export const SCORE_STAGE = 'score-confidence';

export async function goldExamples(
  config: PipelineConfig,
  gold: GoldChart[],
  informationalFlags: string[],
): Promise<GoldExamples> {
  const { ctx, stages } = await prepareStages(config);
  const groups = stageSectionGroups(config, SCORE_STAGE);
  const upTo = stages.findIndex((s) => s.name === SCORE_STAGE);
  const before = upTo < 0 ? stages : stages.slice(0, upTo);
  const examples: Example[] = [];
  const failedCharts: string[] = [];
  for (const g of [...gold].sort((a, b) => (a.chartId < b.chartId ? -1 : 1))) {
    const input = {
      id: g.chartId,
      path: g.file,
      encounterType: g.encounterType,
      ...(g.dateOfService ? { dateOfService: g.dateOfService } : {}),
    };
    const record: ChartRecord = await processChart(newRecord(input, config.encounterType), before);
    if (hasFatal(record)) {
      failedCharts.push(g.chartId);
      continue;
    }
    const xs = recordFeatures(record, ctx.codeSets, groups);
    record.codes.forEach((c, i) => {
      examples.push({
        chartId: g.chartId,
        x: featureValues(xs[i]!),
        correct: isGoldCode(g.codes, c.system, c.code),
        blocked: isBlocked(c, informationalFlags),
      });
    });
  }
  return { examples, charts: gold.length, failedCharts, goldCodes: gold.reduce((s, g) => s + g.codes.length, 0) };
}
