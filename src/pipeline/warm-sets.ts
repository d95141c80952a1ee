/**
 * The sets a chart worker thread keeps loaded: a set is a pipeline (stages set up, rules compiled, model read)
 * with the code-set releases its charts need. A thread of a queue worker serves batch after batch; a batch whose
 * versions match a set already loaded is coded with it (no start-up, the JIT already warm), one with other
 * versions loads its own. At most MAX_SETS stay loaded; the least recently used is dropped.
 */
import { ChartcoderError } from '../contract/errors.js';
import { forgetBundles } from '../code-systems/load-bundle.js';
import type { ChartInput } from '../ingest/list-inputs.js';
import type { BatchRef, CodedChart, EncodeChart } from '../contract/stage.js';
import { loadPipelineConfig, type PipelineConfig } from './config.js';
import { sinkEncoder } from './process-chart.js';
import { codeGroup } from './code-chart.js';
import { releaseStages, type ReleaseStages } from './release-stages.js';
import type { SharedTables } from '../contract/shared-tables.js';
import { scopedTables } from './thread-tables.js';

/** What a group is coded with, as the pool posts it to a thread. */
export interface WorkSet {
  /** Same key, same set: the versions (config, rules, model, code sets) and the store; see `workSetKey`. */
  key: string;
  configPath: string;
  /** The hash the config must still have when the thread loads it: never code with another version. */
  configSha256: string;
  codeStore?: string;
  batch: BatchRef;
  chartTimeoutMs: number;
}

export const MAX_SETS = 3;

/**
 * A set's key: the config hash (rules and model files included), the code-set versions and the store. A pipeline
 * with a stage whose setup uses the batch folder (`setupPerBatch`, e.g. second-opinion) is set up per batch.
 */
export function workSetKey(config: PipelineConfig, codeSets: string, codeStore: string | undefined, batchId: string) {
  const perBatch = config.stages.some((s) => s.stage.kind === 'chart' && s.stage.setupPerBatch === true);
  return [config.hash, codeSets, codeStore ?? '', perBatch ? batchId : ''].join('|');
}

interface Loaded {
  config: PipelineConfig;
  releases: ReleaseStages;
  /** The sink's encoder of the last batch coded (it names the batch). */
  encoder?: { batch: BatchRef; encode: EncodeChart };
}

export class WarmSets {
  private readonly sets = new Map<string, Loaded>();
  loads = 0;

  /** `shared`: the tables shared with the pool's other threads (each set's under its key). */
  constructor(private readonly shared?: SharedTables) {}

  async code(inputs: ChartInput[], set: WorkSet, starting: (i: number) => void): Promise<CodedChart[]> {
    const loaded = this.get(set);
    if (loaded.encoder?.batch.id !== set.batch.id || loaded.encoder.batch.dir !== set.batch.dir)
      loaded.encoder = { batch: set.batch, encode: sinkEncoder(loaded.config, set.batch) };
    return codeGroup(
      inputs,
      loaded.releases,
      loaded.config.encounterType,
      set.chartTimeoutMs,
      loaded.encoder.encode,
      starting,
    );
  }

  private get(set: WorkSet): Loaded {
    const hit = this.sets.get(set.key);
    if (hit) {
      // Most recently used last: Map keeps insertion order.
      this.sets.delete(set.key);
      this.sets.set(set.key, hit);
      return hit;
    }
    const config = loadPipelineConfig(set.configPath);
    if (config.hash !== set.configSha256)
      throw new ChartcoderError(
        'QUEUE_VERSION_MISMATCH',
        'the pipeline config or its rules or model files changed since the batch started',
      );
    if (this.sets.size >= MAX_SETS) {
      this.sets.delete(this.sets.keys().next().value!);
      // The sets kept hold their own code systems; the bundle cache would keep the dropped set's alive.
      forgetBundles();
    }
    const loaded: Loaded = {
      config,
      releases: releaseStages(config, {
        ...(set.codeStore !== undefined ? { codeStore: set.codeStore } : {}),
        batch: set.batch,
        ...(this.shared ? { shared: scopedTables(this.shared, set.key) } : {}),
      }),
    };
    this.sets.set(set.key, loaded);
    this.loads++;
    return loaded;
  }
}
