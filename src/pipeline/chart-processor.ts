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
import { codeGroup, releaseStages } from './release-stages.js';
import type { Issue } from '../contract/chart-record.js';
import type { BatchRef, CodedChart, EncodeChart } from '../contract/stage.js';
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
  if (!existsSync(WORKER))
    throw new ChartcoderError(
      'USAGE',
      'the worker pool needs the compiled code: run "npm run build" (or use --workers 0)',
    );
  const failed = failedChart(config, encode);
  const pool = new WorkerPool({
    workers: opts.workers,
    filename: WORKER,
    workerData: {
      configPath: config.file,
      chartTimeoutMs: opts.chartTimeoutMs,
      batch: opts.batch,
      codeStore: opts.codeStore,
    },
    chartTimeoutMs: opts.chartTimeoutMs,
    heapMb: opts.workerMemoryMb ?? DEFAULT_WORKER_MEMORY_MB,
    failed,
  });
  return { code: (inputs) => pool.code(inputs), close: () => pool.close() };
}
