/**
 * Run a batch: code charts concurrently (a worker pool over every core, bounded by p-limit), hand
 * finished records to the batch writer in chart-id order, and commit the batch atomically. With
 * `resume`, a batch interrupted by a crash or kill goes on from its journal; a finished one is left as is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { checkStoreForRun } from '../code-systems/store.js';
import { ChartcoderError } from '../contract/errors.js';
import type { ChartInput } from '../ingest/list-inputs.js';
import { packageRoot } from '../contract/paths.js';
import {
  batchPaths,
  commitBatch,
  finishCommit,
  isCommitted,
  lockBatch,
  openBatch,
  type BatchPaths,
} from '../batch/batch-folder.js';
import { crashPoint } from '../batch/test-faults.js';
import type { FormatName } from '../write-review-batch/output-format.js';
import { openBatchServices } from './batch-services.js';
import { GROUP_SIZE, todoGroups } from './chart-groups.js';
import { chartProcessor, type ProcessorFactory } from './chart-processor.js';
import { sinkOf, type PipelineConfig } from './config.js';
import { OrderedWriter } from './ordered-writer.js';
import { chartsIn, encounterUnits, hasEncounters } from './encounter-units.js';
import { Slots } from './slots.js';
import type { BatchContext, CodedChart, Sink } from '../contract/stage.js';

export interface Progress {
  done: number;
  total: number;
  failed: number;
}

export interface RunOptions {
  config: PipelineConfig;
  inputs: ChartInput[];
  outDir: string;
  batchId: string;
  /** Charts in flight at once (default: 64 per worker, so no worker waits for work). */
  concurrency?: number;
  /** Worker threads (default: one per core); 0 codes on the calling thread. */
  workers?: number;
  /** Heap of each worker thread in MB: a chart that needs more fails with CHART_MEMORY_LIMIT. */
  workerMemoryMb?: number;
  /** A chart not coded within this many milliseconds fails with CHART_TIMEOUT (default 120 s). */
  chartTimeoutMs?: number;
  /** Code-set store: each chart coded with the imported release in force on its date of service (default: the starter set). */
  codeStore?: string;
  /** Output formats of the batch (csv, jsonl, fhir; default csv). */
  formats?: FormatName[];
  /** Go on with an interrupted batch of this id instead of starting a new one. */
  resume?: boolean;
  onProgress?: (p: Progress) => void;
  /** Called with the new batch folder before it is put in place and before any chart is coded (the CLI records how to resume). */
  onStart?: (dir: string) => Promise<void>;
  /** Where charts are coded (default: a worker pool on this machine; a queue hands them to worker processes anywhere). */
  processor?: ProcessorFactory;
}

export interface BatchResult {
  batchId: string;
  dir: string;
  charts: number;
  failed: number;
  codes: number;
  auto: number;
  review: number;
  ms: number;
  /** Charts coded by this call (fewer than `charts` after a resume; 0 for a batch already complete). */
  codedNow: number;
  /** On a resume: charts already written whose input file changed or went missing since, so coded again. */
  changedInputs?: readonly string[];
  /** The store (absent: the embedded starter set) and each system's releases that coded the batch, as manifest.json says. */
  codeSets: BatchCodeSets;
}

export interface BatchCodeSets {
  store?: string;
  used: Record<string, string[]>;
}

export const toolVersion: string = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')).version;

export async function runBatch(opts: RunOptions): Promise<BatchResult> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { config } = opts;
  const paths = batchPaths(opts.outDir, opts.batchId);
  if (opts.resume && (existsSync(paths.final) || isCommitted(paths))) {
    // Complete, or committed and stopped among the last steps: finish those, code nothing.
    await finishCommit(paths);
    return finished(paths, opts.batchId);
  }
  if (opts.resume && !existsSync(paths.partial)) {
    throw new ChartcoderError('INPUT_NOT_FOUND', 'no interrupted batch with this id to resume', paths.partial);
  }
  if (opts.codeStore !== undefined) checkStoreForRun(opts.codeStore);
  // What is coded, written and journaled as one: a chart, or an encounter with all its documents.
  const units = encounterUnits(opts.inputs);
  const ctx: BatchContext = {
    pipeline: { name: config.name, encounterType: config.encounterType, configPath: config.file },
    batch: {
      id: opts.batchId,
      dir: paths.partial,
      ...(opts.formats ? { formats: opts.formats } : {}),
      ...(hasEncounters(opts.inputs) ? { encounters: true } : {}),
    },
    ...(opts.codeStore !== undefined ? { codeStore: opts.codeStore } : {}),
  };
  // Opened before anything is written: a stage that refuses to run (say, its model cannot be loaded) leaves no batch behind.
  const services = await openBatchServices(config, ctx);
  const sinkStage = sinkOf(config);
  let sink: Sink;
  try {
    if (!opts.resume) await openBatch(opts.outDir, opts.batchId, opts.onStart);
    lockBatch(paths);
    // On a resume, the sink finds the charts the interrupted run wrote (and cuts off what it left half-written).
    sink = await sinkStage.stage.setup(sinkStage.options, ctx);
  } catch (e) {
    await services.close();
    throw e;
  }
  const done = sink.done;
  const todo = units.filter((i) => !done.has(i.id));
  const chartsDone = units.filter((i) => done.has(i.id)).reduce((n, u) => n + chartsIn(u), 0);
  const makeProcessor = opts.processor ?? chartProcessor;
  const workers = opts.workers ?? availableParallelism();
  const processor = await makeProcessor(config, {
    workers,
    chartTimeoutMs: opts.chartTimeoutMs ?? 120_000,
    batch: ctx.batch,
    ...(opts.codeStore !== undefined ? { codeStore: opts.codeStore } : {}),
    ...(opts.workerMemoryMb !== undefined ? { workerMemoryMb: opts.workerMemoryMb } : {}),
  }).catch(async (e: unknown) => {
    await services.close();
    throw e;
  });
  let closed = false;
  try {
    let written = chartsDone;
    let failed = 0; // progress counts failures of this run; the totals come from the sink
    // A resume starts from what the interrupted run wrote; the first heartbeat says so before any chart finishes.
    opts.onProgress?.({ done: written, total: opts.inputs.length, failed });
    const writer = new OrderedWriter<CodedChart>(async (chart) => {
      await sink.write(chart);
      written += chart.documents?.total ?? 1;
      failed += chart.documents?.failed ?? (chart.failed ? 1 : 0);
      opts.onProgress?.({ done: written, total: opts.inputs.length, failed });
    });
    // Charts are handed out in small groups as slots free up (never all at once: memory stays flat in batch
    // size). A slot frees when a group is coded, not written, so one slow chart does not idle the workers;
    // finished charts wait for it in the writer's buffer, itself bounded.
    // p-limit bounds the groups being coded; the slots bound those handed out, coding or waiting in p-limit's
    // queue for a place (twice as many, so the next group is there the moment one finishes).
    const concurrency = opts.concurrency ?? Math.max(16, workers * 64);
    const size = Math.min(GROUP_SIZE, concurrency);
    const limit = pLimit(Math.ceil(concurrency / size));
    const slots = new Slots(limit.concurrency * 2);
    for (const group of todoGroups(units, done, size)) {
      await writer.room(concurrency * 16);
      await slots.take();
      slots.track(
        limit(() => processor.code(group.inputs)).then((charts) =>
          charts.forEach((chart, k) => writer.push(group.first + k, chart)),
        ),
      );
    }
    await slots.drain();
    await writer.flush();
    closed = true; // closing is the sink's last call, whether it succeeds or not
    const totals = await sink.close();
    crashPoint('sink-closed');
    await processor.finish?.();
    const stageReports = await services.close();
    const ms = performance.now() - t0;
    const codeSets: BatchCodeSets = {
      ...(opts.codeStore !== undefined ? { store: opts.codeStore } : {}),
      used: totals.codeSets,
    };
    await commitBatch(paths, {
      tool: { name: 'chartcoder', version: toolVersion, node: process.version },
      batchId: opts.batchId,
      finishedAt: new Date().toISOString(),
      durationMs: Math.round(ms),
      resumed: done.size > 0 ? { chartsAlreadyDone: chartsDone } : false,
      workers,
      // Of the whole process (workers included), so operations can size the machine.
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      // CPU time of the whole process (all threads) during the run; over durationMs, the cores kept busy.
      cpuMs: cpuMsSince(cpu0),
      pipeline: { name: config.name, file: config.file, sha256: config.hash, config: config.resolved },
      // Each system's releases that coded the batch's charts (several when dates of service span fiscal years).
      codeSets,
      inputs: { total: totals.charts, ok: totals.charts - totals.failed, failed: totals.failed },
      codes: { total: totals.codes, auto: totals.auto, review: totals.codes - totals.auto },
      stageMs: Object.fromEntries(Object.entries(totals.stageMs).map(([k, v]) => [k, Math.round(v)])),
      files: totals.files,
      // What optional stages with a run-wide part did (second-opinion: model, calls, cache hits, rejected answers).
      ...(Object.keys(stageReports).length > 0 ? { stageReports } : {}),
    });
    return {
      batchId: opts.batchId,
      dir: paths.final,
      charts: totals.charts,
      failed: totals.failed,
      codes: totals.codes,
      auto: totals.auto,
      review: totals.codes - totals.auto,
      ms,
      codedNow: todo.reduce((n, u) => n + chartsIn(u), 0),
      ...(sink.changedInputs?.length ? { changedInputs: sink.changedInputs } : {}),
      codeSets,
    };
  } finally {
    // A failure of the run itself (not of one chart) keeps the partial folder: `--resume` goes on from it.
    if (!closed) await sink.abandon();
    await processor.close();
    await services.close();
  }
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return Math.round((user + system) / 1000);
}

/** A batch already committed: report it from its manifest, code nothing. */
function finished(paths: BatchPaths, batchId: string): BatchResult {
  const m = JSON.parse(readFileSync(path.join(paths.final, 'manifest.json'), 'utf8'));
  return {
    batchId,
    dir: paths.final,
    charts: m.inputs.total,
    failed: m.inputs.failed,
    codes: m.codes.total,
    auto: m.codes.auto,
    review: m.codes.review,
    ms: 0,
    codedNow: 0,
    codeSets: m.codeSets ?? { used: {} },
  };
}
