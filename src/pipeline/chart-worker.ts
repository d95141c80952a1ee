/**
 * A worker thread of the chart pool: loads the pipeline once (code tables, rules; once per code-set release
 * the batch needs) and codes the groups of charts it is handed, PDF parsing included, so every core works.
 * Returns each chart encoded by the pipeline's sink (its CSV lines), so the thread writing the batch only
 * moves bytes.
 */
import { workerData } from 'node:worker_threads';
import { loadPipelineConfig } from './config.js';
import { sinkEncoder } from './process-chart.js';
import { codeGroup, releaseStages } from './release-stages.js';
import type { BatchRef } from '../contract/stage.js';
import { serveGroups } from './worker-protocol.js';

const { configPath, chartTimeoutMs, batch, codeStore, progress } = workerData as {
  configPath: string;
  chartTimeoutMs: number;
  batch: BatchRef;
  codeStore?: string;
  progress: SharedArrayBuffer;
};
const config = loadPipelineConfig(configPath);
const releases = releaseStages(config, { ...(codeStore !== undefined ? { codeStore } : {}), batch });
const encode = sinkEncoder(config, batch);

serveGroups(progress, (inputs, starting) =>
  codeGroup(inputs, releases, config.encounterType, chartTimeoutMs, encode, starting),
);
