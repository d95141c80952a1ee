/** chartcoder's library API: the same pieces the CLI uses. Library code never prints. */
export * from './contract/chart-record.js';
export { ChartcoderError, isChartcoderError, type ErrorCode } from './contract/errors.js';
export { loadPipelineConfig, resolvePipelinePath, type PipelineConfig } from './pipeline/config.js';
export { runBatch, type BatchResult, type Progress, type RunOptions } from './pipeline/run-batch.js';
export { stageRegistry } from './pipeline/registry.js';
export type { ChartStage, SinkStage, Stage, StageContext } from './contract/stage.js';
export { listInputs, type ChartInput } from './ingest/list-inputs.js';
export { readChart, type ChartText, type ReadLimits } from './ingest/read-chart.js';
export { ChartLoader, documentsToInputs, type ChartLoaderOptions } from './ingest/chart-loader.js';
export { loadCodeSets, registryOf } from './code-systems/registry.js';
export type { CodeEntry, CodeSetRegistry, CodeSystem } from './contract/code-sets.js';
