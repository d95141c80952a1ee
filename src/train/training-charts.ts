/**
 * The charts `chartcoder train` learns from: gold charts (`*.gold.json`) or a CodiEsp split, each coded
 * by the pipeline's rule stages up to where rank-codes sits (after map-codes when the config has no
 * rank-codes stage yet), with the codes a coder assigned as label keys (`icd10cm:E11.9`). Keeps the
 * record in memory for the folds; nothing of the chart text is ever printed.
 */
import { createHash } from 'node:crypto';
import { hasFatal, type ChartRecord } from '../contract/chart-record.js';
import type { GoldChart } from '../evaluate/gold.js';
import type { PipelineConfig } from '../pipeline/config.js';
import { prepareStages } from '../pipeline/prepare-stages.js';
import { newRecord, processChart, type ReadyStage } from '../pipeline/process-chart.js';
import type { StageContext } from '../contract/stage.js';
import { labelKey } from '../rank-codes/candidates.js';
import { termCounts } from '../rank-codes/text-features.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';

export const RANK_STAGE = 'rank-codes';
export const SCORE_STAGE = 'score-confidence';

export interface TrainingChart {
  id: string;
  /** After the stages before rank-codes. */
  record: ChartRecord;
  gold: Set<string>;
  counts: Map<string, number>;
  sha256: string;
}

export interface SplitStages {
  ctx: StageContext;
  /** Chart stages before rank-codes. */
  before: ReadyStage[];
  /** Chart stages after rank-codes and before score-confidence (the guidelines). */
  after: ReadyStage[];
}

export async function splitStages(config: PipelineConfig, codeSets: CodeSetRegistry): Promise<SplitStages> {
  const { ctx, stages } = await prepareStages(config, undefined, codeSets);
  const names = config.stages.filter((s) => s.stage.kind === 'chart').map((s) => s.stage.name);
  let at = names.indexOf(RANK_STAGE);
  const score = names.indexOf(SCORE_STAGE);
  const chart = stages.filter((s) => s.name !== RANK_STAGE);
  if (at < 0) at = names.indexOf('map-codes') + 1;
  const end = score < 0 ? chart.length : chart.findIndex((s) => s.name === SCORE_STAGE);
  return { ctx, before: chart.slice(0, at), after: chart.slice(at, end) };
}

export interface LoadedCharts {
  charts: TrainingChart[];
  failed: string[];
}

export async function codeTrainingCharts(
  gold: GoldChart[],
  config: PipelineConfig,
  before: ReadyStage[],
  onChart?: (done: number, total: number) => void,
): Promise<LoadedCharts> {
  const charts: TrainingChart[] = [];
  const failed: string[] = [];
  const sorted = [...gold].sort((a, b) => (a.chartId < b.chartId ? -1 : 1));
  for (const [i, g] of sorted.entries()) {
    const input = {
      id: g.chartId,
      path: g.file,
      encounterType: g.encounterType,
      ...(g.dateOfService ? { dateOfService: g.dateOfService } : {}),
    };
    const record = await processChart(newRecord(input, config.encounterType), before);
    onChart?.(i + 1, sorted.length);
    if (hasFatal(record)) {
      failed.push(g.chartId);
      continue;
    }
    charts.push({
      id: g.chartId,
      record,
      gold: new Set(g.codes.map((c) => labelKey(c.system, c.code))),
      counts: termCounts(record.text),
      sha256: textSha256(record.text),
    });
  }
  return { charts, failed };
}

export const textSha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** One hash over the training charts' texts and labels, sorted: the model file names the data it learned from. */
export function trainingHash(charts: TrainingChart[]): string {
  const h = createHash('sha256');
  for (const c of charts) h.update(`${c.sha256}\t${[...c.gold].sort().join(',')}\n`);
  return h.digest('hex');
}
