/**
 * `eval` with a pipeline that has a learned model: the same pipeline without the model, for the
 * comparison; and the guard that a model is never scored on the charts it was trained on (the gold
 * fixtures a department trains on are also its eval set): such a run reports the model's
 * cross-validated figures instead.
 */
import type { GoldChart } from '../evaluate/gold.js';
import { parsePipelineConfig, type PipelineConfig } from '../pipeline/config.js';
import { readConfigWithout } from '../pipeline/raw-config.js';
import { readModelFile } from '../rank-codes/model-file.js';
import { textSha256 } from '../train/training-charts.js';
import { readChart } from '../ingest/read-chart.js';

export const RANK_STAGE = 'rank-codes';

/** The model file the pipeline's rank-codes stage names, if any. */
export function modelOf(config: PipelineConfig): string | undefined {
  const stage = config.stages.find((s) => s.stage.name === RANK_STAGE);
  return (stage?.options as { model?: { file: string } } | undefined)?.model?.file;
}

/** The same pipeline with rank-codes' model taken out (the stage then changes nothing). */
export function withoutModel(config: PipelineConfig): PipelineConfig {
  const raw = readConfigWithout(config.file, [{ stage: RANK_STAGE, key: 'model' }]);
  return parsePipelineConfig(raw.raw, config.file);
}

/** Gold charts whose text trained the model (the model file keeps each training chart's text hash). */
export async function chartsTrainedOn(
  modelFile: string,
  gold: GoldChart[],
): Promise<{ trained: number; crossValidated: unknown }> {
  const m = readModelFile(modelFile);
  const hashes = new Set(m.trainingData.chartSha256);
  let trained = 0;
  for (const g of gold) {
    const text = (await readChart(g.file, { maxBytes: 50 * 1024 * 1024, maxPages: 1000 }).catch(() => undefined))?.text;
    if (text !== undefined && hashes.has(textSha256(text))) trained++;
  }
  return { trained, crossValidated: m.metrics['crossValidated'] };
}
