/**
 * What a coordinator publishes about its batch for the workers: where the pipeline config and code store are
 * (paths on storage every machine sees), how to run charts, and the versions that coded the batch so far. A
 * worker codes a batch only when its own copy of the pipeline config (rules and model files included), of the
 * code-set releases and of chartcoder itself hash the same: a chart is never coded with the wrong version.
 */
import { createHash } from 'node:crypto';
import { listBundles, resolveStore } from '../code-systems/store.js';
import { isChartcoderError } from '../contract/errors.js';
import { loadPipelineConfig, type PipelineConfig } from '../pipeline/config.js';
import { toolVersion } from '../pipeline/run-batch.js';

export interface QueueSpec {
  batchId: string;
  /** The batch folder (the sink's encoder may name it). */
  dir: string;
  formats?: string[];
  /** The pipeline config file. */
  pipeline: string;
  configSha256: string;
  codeStore?: string;
  codeSetsSha256: string;
  tool: string;
  chartTimeoutMs: number;
  /** A job whose worker stops renewing its lock for this long is handed to another worker. */
  lockMs: number;
  /** A chart that kills this many worker processes fails with CHART_WORKER_CRASH. */
  attempts: number;
}

export type Versions = Pick<QueueSpec, 'configSha256' | 'codeSetsSha256' | 'tool'>;

/**
 * The imported releases a run with this store would choose from (each system's bundles: version, import time,
 * counts); without a store, the starter set chartcoder embeds, which the tool version names.
 */
export function codeSetsSha256(config: PipelineConfig, codeStore?: string): string {
  const hash = createHash('sha256');
  if (codeStore === undefined) return hash.update(`starter\0${toolVersion}`).digest('hex');
  const store = resolveStore(codeStore);
  for (const id of config.codeSystems) {
    for (const b of listBundles(store, id))
      hash.update(`${id}\0${b.manifest.version}\0${b.manifest.importedAt}\0${JSON.stringify(b.manifest.counts)}\n`);
  }
  return hash.digest('hex');
}

export function versionsOf(config: PipelineConfig, codeStore?: string): Versions {
  return { configSha256: config.hash, codeSetsSha256: codeSetsSha256(config, codeStore), tool: toolVersion };
}

export interface Refusal {
  code: 'QUEUE_VERSION_MISMATCH' | string;
  reason: string;
}

/**
 * This worker's view of the batch: its config and versions, or why it refuses it. `codeStore` is this machine's
 * store when it is mounted elsewhere than on the coordinator's (default: the path the batch names).
 */
export function localView(
  spec: QueueSpec,
  codeStore = spec.codeStore,
): { config: PipelineConfig; codeStore?: string } | { refusal: Refusal } {
  let config: PipelineConfig;
  let mine: Versions;
  try {
    config = loadPipelineConfig(spec.pipeline);
    mine = versionsOf(config, codeStore);
  } catch (e) {
    return {
      refusal: {
        code: isChartcoderError(e) ? e.code : 'QUEUE_VERSION_MISMATCH',
        reason: 'cannot load the pipeline config or code store the batch names on this machine',
      },
    };
  }
  const differ = [
    mine.tool !== spec.tool && `chartcoder ${mine.tool} here, ${spec.tool} on the coordinator`,
    mine.configSha256 !== spec.configSha256 && 'the pipeline config or its rules or model files differ',
    mine.codeSetsSha256 !== spec.codeSetsSha256 && 'the code-set releases differ',
  ].filter((d): d is string => typeof d === 'string');
  if (differ.length > 0) return { refusal: { code: 'QUEUE_VERSION_MISMATCH', reason: differ.join('; ') } };
  return { config, ...(codeStore !== undefined ? { codeStore } : {}) };
}
