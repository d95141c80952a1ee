/**
 * Where charts are coded: a worker-thread pool (piscina) spreading the stages over every core, or the
 * calling thread (`workers: 0`, for library use and debugging). Charts come in small groups (see
 * chart-groups). Either way each chart has a time limit; a chart that exceeds it fails with CHART_TIMEOUT
 * and the batch goes on.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Piscina } from 'piscina';
import { ChartcoderError } from '../contract/errors.js';
import type { ChartInput } from '../ingest/list-inputs.js';
import { packageRoot } from '../contract/paths.js';
import type { PipelineConfig } from './config.js';
import { guardGroups, type CodeGroup } from './chart-groups.js';
import { newRecord, serialize, sinkEncoder } from './process-chart.js';
import { codeGroup, releaseStages } from './release-stages.js';
import type { Issue } from '../contract/chart-record.js';
import type { BatchRef, CodedChart } from '../contract/stage.js';

export interface ChartProcessor {
  /** Codes a group of charts; one result per input, in order. */
  code(inputs: ChartInput[]): Promise<CodedChart[]>;
  close(): Promise<void>;
}

/** The compiled worker: worker threads run JavaScript, so the pool always uses dist/. */
const WORKER = path.join(packageRoot, 'dist', 'pipeline', 'chart-worker.js');

export interface ProcessorOptions {
  workers: number;
  chartTimeoutMs: number;
  batch: BatchRef;
  /** Code-set store: each chart coded with the release in force on its date of service (default: the starter set). */
  codeStore?: string;
}

export async function chartProcessor(config: PipelineConfig, opts: ProcessorOptions): Promise<ChartProcessor> {
  const encode = sinkEncoder(config, opts.batch.id);
  const failed = (input: ChartInput, issue: Issue): CodedChart => {
    const r = newRecord(input, config.encounterType);
    r.issues.push(issue);
    return serialize(r, encode);
  };
  // Twice the chart limit and a second: the stages' own checks between them come first.
  const guarded = (run: CodeGroup) => guardGroups(run, opts.chartTimeoutMs * 2 + 1000, opts.chartTimeoutMs, failed);
  if (opts.workers === 0) {
    const releases = releaseStages(config, { ...(opts.codeStore !== undefined ? { codeStore: opts.codeStore } : {}), batch: opts.batch });
    return { code: guarded((inputs) => codeGroup(inputs, releases, config.encounterType, opts.chartTimeoutMs, encode)), close: async () => undefined };
  }
  if (!existsSync(WORKER)) throw new ChartcoderError('USAGE', 'the worker pool needs the compiled code: run "npm run build" (or use --workers 0)');
  // Several tasks per worker, so a worker codes one chart while another's file is being read; no
  // Atomics wait loop, which would block the worker's event loop (and its file reads) between tasks.
  // Tasks carry no AbortSignal: piscina runs abortable tasks one at a time per worker.
  const pool = new Piscina({
    filename: WORKER, minThreads: opts.workers, maxThreads: opts.workers, concurrentTasksPerWorker: 4, atomics: 'disabled',
    workerData: { configPath: config.file, chartTimeoutMs: opts.chartTimeoutMs, batch: opts.batch, codeStore: opts.codeStore },
  });
  return {
    code: guarded((inputs) => pool.run(inputs) as Promise<CodedChart[]>),
    // A chart the watchdog gave up on may still hold a worker: destroy stops it.
    close: () => pool.destroy(),
  };
}
