/**
 * A worker thread of the chart pool: loads the pipeline once (code tables, rules; once per code-set release
 * the batch needs) and codes the groups of charts it is handed, PDF parsing included, so every core works.
 * Returns each chart encoded by the pipeline's sink (its CSV lines), so the thread writing the batch only
 * moves bytes.
 */
import { workerData } from 'node:worker_threads';
import type { ChartInput } from '../ingest/list-inputs.js';
import { loadPipelineConfig, type PipelineConfig } from './config.js';
import { sinkEncoder } from './process-chart.js';
import { codeGroup, releaseStages, type ReleaseStages } from './release-stages.js';
import type { BatchRef, CodedChart, EncodeChart } from '../contract/stage.js';

const { configPath, chartTimeoutMs, batch, codeStore } = workerData as { configPath: string; chartTimeoutMs: number; batch: BatchRef; codeStore?: string };
let ready: { config: PipelineConfig; releases: ReleaseStages; encode: EncodeChart } | undefined;

/** Codes a group of charts one after another (one task per group: see chart-groups). */
export default async function codeCharts(inputs: ChartInput[]): Promise<CodedChart[]> {
  if (!ready) {
    const config = loadPipelineConfig(configPath);
    ready = { config, releases: releaseStages(config, { ...(codeStore !== undefined ? { codeStore } : {}), batch }), encode: sinkEncoder(config, batch.id) };
  }
  return codeGroup(inputs, ready.releases, ready.config.encounterType, chartTimeoutMs, ready.encode);
}
