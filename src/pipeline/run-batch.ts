/**
 * Run a batch: set the stages up once, process charts concurrently (bounded by p-limit), hand
 * finished records to the batch writer in chart-id order, and commit the batch atomically.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { hasFatal, type ChartRecord } from '../chart-record.js';
import { loadCodeSets } from '../code-systems/registry.js';
import type { ChartInput } from '../ingest/list-inputs.js';
import { packageRoot } from '../paths.js';
import { abandonBatch, commitBatch, openBatch } from '../write-review-batch/commit-batch.js';
import type { PipelineConfig } from './config.js';
import { newRecord, processChart, type ReadyStage } from './process-chart.js';
import type { SinkStage, StageContext } from './stage.js';

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
  concurrency?: number;
  onProgress?: (p: Progress) => void;
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
}

export const toolVersion: string = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')).version;

export async function runBatch(opts: RunOptions): Promise<BatchResult> {
  const started = new Date();
  const t0 = performance.now();
  const { config } = opts;
  const ctx: StageContext = {
    codeSets: loadCodeSets(config.codeSystems),
    pipeline: { name: config.name, encounterType: config.encounterType, configPath: config.file },
  };
  const chartStages: ReadyStage[] = [];
  for (const s of config.stages.slice(0, -1)) {
    if (s.stage.kind !== 'chart') continue;
    chartStages.push({ name: s.stage.name, fn: await s.stage.setup(s.options, ctx) });
  }
  const sinkStage = config.stages.at(-1)!;
  const paths = await openBatch(opts.outDir, opts.batchId);
  const totals = { charts: 0, failed: 0, codes: 0, auto: 0, review: 0 };
  const stageMs: Record<string, number> = {};
  try {
    const sink = await (sinkStage.stage as SinkStage).setup(sinkStage.options, { ...ctx, dir: paths.partial, batchId: opts.batchId });
    const emit = inOrder(opts.inputs.length, async (r: ChartRecord) => {
      await sink.write(r);
      totals.charts++;
      if (hasFatal(r)) totals.failed++;
      totals.codes += r.codes.length;
      totals.auto += r.codes.filter((c) => c.status === 'auto').length;
      for (const t of r.trace) stageMs[t.stage] = (stageMs[t.stage] ?? 0) + t.ms;
      opts.onProgress?.({ done: totals.charts, total: opts.inputs.length, failed: totals.failed });
    });
    const limit = pLimit(opts.concurrency ?? 4);
    await Promise.all(
      opts.inputs.map((input, i) => limit(async () => emit(i, await processChart(newRecord(input, config.encounterType), chartStages)))),
    );
    await sink.close();
    totals.review = totals.codes - totals.auto;
    const ms = performance.now() - t0;
    await commitBatch(paths, {
      tool: { name: 'chartcoder', version: toolVersion, node: process.version },
      batchId: opts.batchId,
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      durationMs: Math.round(ms),
      pipeline: { name: config.name, file: config.file, sha256: config.hash, config: config.resolved },
      codeSets: ctx.codeSets.versions(),
      inputs: { total: opts.inputs.length, ok: totals.charts - totals.failed, failed: totals.failed },
      codes: { total: totals.codes, auto: totals.auto, review: totals.review },
      stageMs: Object.fromEntries(Object.entries(stageMs).map(([k, v]) => [k, Math.round(v)])),
    });
    return { batchId: opts.batchId, dir: paths.final, ...totals, ms };
  } catch (e) {
    await abandonBatch(paths);
    throw e;
  }
}

/**
 * Deliver results in input order whatever order they finish in; writes are serialized.
 * Resolves each caller's promise once its own record (and all before it) has been written.
 */
function inOrder<T>(total: number, write: (item: T) => Promise<void>) {
  const ready = new Map<number, { item: T; resolve: () => void; reject: (e: unknown) => void }>();
  let next = 0;
  let draining: Promise<void> = Promise.resolve();
  const drain = async () => {
    while (ready.has(next)) {
      const { item, resolve, reject } = ready.get(next)!;
      ready.delete(next);
      next++;
      try {
        await write(item);
        resolve();
      } catch (e) {
        reject(e);
      }
    }
  };
  return (i: number, item: T) =>
    new Promise<void>((resolve, reject) => {
      if (i >= total) return reject(new RangeError('index past the end'));
      ready.set(i, { item, resolve, reject });
      draining = draining.then(drain);
    });
}
