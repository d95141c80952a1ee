/**
 * A worker thread of the chart pool: loads the pipeline once (code tables, rules) and codes the charts
 * it is handed, PDF parsing included, so every core works. Returns the record serialized, without its text.
 */
import { workerData } from 'node:worker_threads';
import type { EncounterType } from '../chart-record.js';
import type { ChartInput } from '../ingest/list-inputs.js';
import { loadPipelineConfig } from './config.js';
import { prepareStages } from './prepare-stages.js';
import { newRecord, processChart, serialize, type ReadyStage } from './process-chart.js';
import type { CodedChart } from './stage.js';

const { configPath, chartTimeoutMs } = workerData as { configPath: string; chartTimeoutMs: number };
let ready: Promise<{ stages: ReadyStage[]; encounterType: EncounterType }> | undefined;

export default async function codeChart(input: ChartInput): Promise<CodedChart> {
  ready ??= (async () => {
    const config = loadPipelineConfig(configPath);
    return { stages: (await prepareStages(config)).stages, encounterType: config.encounterType };
  })();
  const { stages, encounterType } = await ready;
  return serialize(await processChart(newRecord(input, encounterType), stages, chartTimeoutMs));
}
