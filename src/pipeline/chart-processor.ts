/**
 * Where charts are coded: the worker pool (see worker-pool) spreading the stages over every core, or the
 * calling thread (`workers: 0`, for library use and debugging: there only the stages' own checks between
 * them enforce the time limit, so a chart stuck inside a stage holds the run). Charts come in small groups
 * (see chart-groups). A chart that exceeds its limits fails with its issue code and the batch goes on.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ChartcoderError } from '../contract/errors.js';
import type { ChartInput } from '../ingest/list-inputs.js';
import { packageRoot } from '../contract/paths.js';
import type { PipelineConfig } from './config.js';
import { newRecord, serialize, sinkEncoder } from './process-chart.js';
import { codeGroup } from './code-chart.js';
import { releaseStages } from './release-stages.js';
import type { Issue } from '../contract/chart-record.js';
import type { BatchRef, CodedChart, EncodeChart } from '../contract/stage.js';
import { workSetKey, type WorkSet } from './warm-sets.js';
import { WorkerPool } from './worker-pool.js';
import { joinDocuments } from './join-documents.js';

export interface ChartProcessor {
  /** Codes a group of charts; one result per input, in order. */
  code(inputs: ChartInput[]): Promise<CodedChart[]>;
  /** Called once every chart is written, before the batch is committed (a queue removes the batch's keys). */
  finish?(): Promise<void>;
  close(): Promise<void>;
}

/** Where a batch's charts are coded: this machine's worker pool (`chartProcessor`) or a queue. */
export type ProcessorFactory = (config: PipelineConfig, opts: ProcessorOptions) => Promise<ChartProcessor>;

/** A chart that failed with `issue` before or instead of its stages, as the sink writes it. */
export function failedChart(
  config: PipelineConfig,
  encode: EncodeChart,
): (input: ChartInput, issue: Issue) => CodedChart {
  const failedRecord = (input: ChartInput, issue: Issue) => {
    const r = newRecord(input, config.encounterType);
    r.issues.push(issue);
    return r;
  };
  // An encounter fails as a whole (its worker died on it, its time ran out): each document with the issue.
  return (input, issue) =>
    serialize(
      input.documents
        ? joinDocuments(
            input.id,
            input.documents.map((d) => failedRecord(d, issue)),
          )
        : failedRecord(input, issue),
      encode,
    );
}

/** The compiled worker: worker threads run JavaScript, so the pool always uses dist/. */
const WORKER = path.join(packageRoot, 'dist', 'pipeline', 'chart-worker.js');

/** Heap one worker may use (MB) unless told otherwise: two workers and the batch thread stay under 2 GB. */
export const DEFAULT_WORKER_MEMORY_MB = 640;

export interface ProcessorOptions {
  workers: number;
  chartTimeoutMs: number;
  batch: BatchRef;
  /** Code-set store: each chart coded with the release in force on its date of service (default: the starter set). */
  codeStore?: string;
  /** Heap of each worker thread, MB (default DEFAULT_WORKER_MEMORY_MB). */
  workerMemoryMb?: number;
  /**
   * Threads that outlive the batch (a queue worker's, see `chartThreads`): the batch codes on them and leaves
   * them running. Default: threads of its own, stopped at close.
   */
  threads?: WorkerPool;
  /** The code-set versions (a hash) the batch was checked against: part of the set's key on warm threads. */
  codeSetsSha256?: string;
}

/** Worker threads that serve any batch, each keeping the sets it loaded (see warm-sets). */
export function chartThreads(workers: number, workerMemoryMb = DEFAULT_WORKER_MEMORY_MB, chartTimeoutMs = 60_000) {
  if (!existsSync(WORKER))
    throw new ChartcoderError(
      'USAGE',
      'the worker pool needs the compiled code: run "npm run build" (or use --workers 0)',
    );
  return new WorkerPool({
    workers,
    filename: WORKER,
    workerData: {},
    chartTimeoutMs,
    heapMb: workerMemoryMb,
    failed: () => {
      throw new Error('each group names how its failed charts are written');
    },
  });
}

export async function chartProcessor(config: PipelineConfig, opts: ProcessorOptions): Promise<ChartProcessor> {
  const encode = sinkEncoder(config, opts.batch);
  if (opts.workers === 0) {
    const releases = releaseStages(config, {
      ...(opts.codeStore !== undefined ? { codeStore: opts.codeStore } : {}),
      batch: opts.batch,
    });
    return {
      code: (inputs) => codeGroup(inputs, releases, config.encounterType, opts.chartTimeoutMs, encode),
      close: async () => undefined,
    };
  }
  const pool = opts.threads ?? chartThreads(opts.workers, opts.workerMemoryMb, opts.chartTimeoutMs);
  const set: WorkSet = {
    key: workSetKey(config, opts.codeSetsSha256 ?? '', opts.codeStore, opts.batch.id),
    configPath: config.file,
    configSha256: config.hash,
    ...(opts.codeStore !== undefined ? { codeStore: opts.codeStore } : {}),
    batch: opts.batch,
    chartTimeoutMs: opts.chartTimeoutMs,
  };
  const job = { set, chartTimeoutMs: opts.chartTimeoutMs, failed: failedChart(config, encode) };
  return {
    code: (inputs) => pool.code(inputs, job),
    close: async () => {
      if (pool !== opts.threads) await pool.close();
    },
  };
}
