/** `chartcoder run`: code a batch of charts and write the review batch. */
import type { Argv } from 'yargs';
import { STORE_ENV } from '../code-systems/store.js';
import { existsSync } from 'node:fs';
import { batchPaths } from '../batch/batch-folder.js';
import { ChartcoderError, describeUnexpected, isChartcoderError } from '../contract/errors.js';
import { planBatch } from '../pipeline/plan-batch.js';
import { DEFAULT_WORKER_MEMORY_MB } from '../pipeline/chart-processor.js';
import { runBatch, type BatchCodeSets } from '../pipeline/run-batch.js';
import { queueProcessor } from '../queue/queue-coordinator.js';
import { checkQueueUrl } from '../queue/redis-keys.js';
import type { CliIo } from './io.js';
import { progressReporter } from './progress.js';

export interface RunArgs {
  inputs: string[];
  out: string;
  pipeline: string;
  manifest?: string;
  batchId?: string;
  resume?: string;
  concurrency?: number;
  workers?: number;
  workerMemory: number;
  chartTimeout: number;
  codeStore?: string;
  format?: string;
  queue?: string;
  workerWait: number;
  queueLock: number;
  chartAttempts: number;
  quiet: boolean;
}

export function runCommandBuilder(y: Argv): Argv<RunArgs> {
  return y
    .positional('inputs', {
      describe: 'chart files and/or folders (searched recursively; dotfiles skipped)',
      type: 'string',
      array: true,
      default: [],
    })
    .option('out', {
      alias: 'o',
      describe: 'folder where the batch folder is created',
      type: 'string',
      default: 'output',
    })
    .option('pipeline', {
      alias: 'p',
      describe: 'built-in pipeline name (outpatient, inpatient) or a path to a pipeline JSON',
      type: 'string',
      default: 'outpatient',
    })
    .option('manifest', {
      alias: 'm',
      describe: 'CSV with columns chart_id, path [, encounter_type, date_of_service]; paths relative to the CSV',
      type: 'string',
    })
    .option('batch-id', {
      describe: 'name of the batch folder (default: UTC start time, YYYYMMDD-HHMMSS)',
      type: 'string',
    })
    .option('resume', {
      describe: 'go on with an interrupted batch (crash, kill -9) of this id; a finished batch is left as is',
      type: 'string',
    })
    .option('workers', { alias: 'w', describe: 'worker threads coding charts (default: one per core)', type: 'number' })
    .option('worker-memory', {
      describe: 'heap of each worker thread in MB: a chart that needs more fails with CHART_MEMORY_LIMIT',
      type: 'number',
      default: DEFAULT_WORKER_MEMORY_MB,
    })
    .option('concurrency', {
      alias: 'j',
      describe: 'charts in flight at once (default: 64 per worker)',
      type: 'number',
    })
    .option('chart-timeout', {
      describe: 'seconds one chart may take before it fails with CHART_TIMEOUT',
      type: 'number',
      default: 120,
    })
    .option('code-store', {
      describe: `code-set store of imported releases (see "chartcoder codes"); each chart coded with the release in force on its date of service [default: $${STORE_ENV} if set, else ~/.chartcoder/code-sets when it holds releases, else the embedded starter set]`,
      type: 'string',
    })
    .option('format', {
      describe:
        'output formats, comma-separated: csv (codes.csv, charts.csv), jsonl (codes.jsonl), fhir (fhir/<chart>.json, R4 Bundles), text (text/<chart>.json, the chart text for the review page) [default: csv]',
      type: 'string',
    })
    .option('queue', {
      describe:
        'hand the charts to "chartcoder worker" processes through this Redis queue (redis://[user:password@]host[:port][/db], rediss:// for TLS); this run keeps the batch folder and writes it',
      type: 'string',
    })
    .option('worker-wait', {
      describe:
        'with --queue: stop (resumable, exit 3) when no worker has taken the batch, or Redis has been away, for this many seconds',
      type: 'number',
      default: 300,
    })
    .option('queue-lock', {
      describe: 'with --queue: seconds after which the job of a worker that stopped answering goes to another worker',
      type: 'number',
      default: 30,
    })
    .option('chart-attempts', {
      describe: 'with --queue: a chart that kills this many worker processes fails with CHART_WORKER_CRASH',
      type: 'number',
      default: 3,
    })
    .option('quiet', { alias: 'q', describe: 'no progress output on stderr', type: 'boolean', default: false })
    .example('$0 run fixtures/charts --out output/', 'code every chart in a folder with the outpatient pipeline')
    .example('$0 run --manifest tonight.csv --pipeline inpatient', 'code the charts a manifest lists, inpatient rules')
    .example(
      '$0 run notes/a.txt scans/b.pdf --batch-id 2026-11-23-night',
      'code two files into output/2026-11-23-night/',
    )
    .example(
      '$0 run --manifest tonight.csv --code-store /srv/code-sets',
      'code with the imported official releases, each chart by its date of service',
    )
    .example('$0 run fixtures/charts --format csv,jsonl,fhir', 'also write codes.jsonl and a FHIR R4 Bundle per chart')
    .example(
      '$0 run --manifest tonight.csv --queue redis://queue.internal:6379/0',
      'coordinate: workers on other machines code the charts, this run writes the batch',
    )
    .example(
      '$0 run --resume 2026-11-23-night',
      'finish that batch after a crash, without redoing the charts already coded',
    ) as unknown as Argv<RunArgs>;
}

/** Charts out on the queue at once (with --queue and no --concurrency): enough to keep a few machines' workers busy. */
const QUEUE_CONCURRENCY = 1024;

/** The batch was stopped before it was complete (a full disk, a signal) and `--resume` finishes it. */
export const EXIT_INTERRUPTED = 3;

export async function runCommand(args: RunArgs, io: CliIo): Promise<number> {
  // No --workers 0: only a worker thread can be stopped when a chart is stuck inside a stage (the library's
  // `workers: 0` codes on the calling thread, for debugging).
  for (const [name, v, min] of [
    ['--concurrency', args.concurrency, 1],
    ['--workers', args.workers, 1],
    ['--worker-memory', args.workerMemory, 64],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < min))
      throw new ChartcoderError('USAGE', `expected ${name} to be a whole number of at least ${min}`);
  }
  for (const [name, v, min] of [
    ['--worker-wait', args.workerWait, 1],
    ['--queue-lock', args.queueLock, 1],
    ['--chart-attempts', args.chartAttempts, 2],
  ] as const) {
    if (!Number.isInteger(v) || v < min)
      throw new ChartcoderError('USAGE', `expected ${name} to be a whole number of at least ${min}`);
  }
  if (args.queue !== undefined) checkQueueUrl(args.queue);
  if (!(args.chartTimeout > 0))
    throw new ChartcoderError('USAGE', 'expected --chart-timeout to be a positive number of seconds');
  const plan = planBatch({
    out: args.out,
    inputs: args.inputs,
    pipeline: args.pipeline,
    ...(args.manifest ? { manifest: args.manifest } : {}),
    ...(args.batchId ? { batchId: args.batchId } : {}),
    ...(args.resume !== undefined ? { resume: args.resume } : {}),
    ...(args.codeStore ? { codeStore: args.codeStore } : {}),
    onImport: (system, fy) =>
      io.stderr.write(`importing ${system} FY${fy} into the pipeline's code-set store (once)\n`),
    ...(args.format !== undefined ? { format: args.format } : {}),
  });
  const progress = progressReporter(io.stderr, {
    quiet: args.quiet,
    batchId: plan.batchId,
    total: plan.inputs.length,
  });
  const stopOnSignal = onStopSignal((signal) => {
    // Charts in flight are abandoned: the journal holds every chart finished up to a quarter second before, and a
    // resume checks the files byte for byte, so stopping here loses no finished work beyond that.
    progress.finish({ exitCode: EXIT_INTERRUPTED });
    const started = existsSync(batchPaths(args.out, plan.batchId).partial);
    io.stderr.write(
      started
        ? `chartcoder: stopped by ${signal}; the batch is interrupted, not lost: finish it with\n  chartcoder run --resume ${plan.batchId} --out ${args.out}\n`
        : `chartcoder: stopped by ${signal} before the batch folder was made: nothing written\n`,
    );
    process.exit(started ? EXIT_INTERRUPTED : 1);
  });
  const result = await runBatch({
    config: plan.config,
    inputs: plan.inputs,
    outDir: args.out,
    batchId: plan.batchId,
    resume: plan.resume,
    ...(args.concurrency
      ? { concurrency: args.concurrency }
      : args.queue !== undefined
        ? { concurrency: QUEUE_CONCURRENCY }
        : {}),
    ...(args.queue !== undefined
      ? {
          processor: queueProcessor({
            url: args.queue,
            workerWaitMs: args.workerWait * 1000,
            lockMs: args.queueLock * 1000,
            attempts: args.chartAttempts,
            onNotice: (code, message) => io.stderr.write(`chartcoder: ${code}: ${message}\n`),
          }),
        }
      : {}),
    ...(args.workers !== undefined ? { workers: args.workers } : {}),
    workerMemoryMb: args.workerMemory,
    chartTimeoutMs: args.chartTimeout * 1000,
    ...(plan.codeStore ? { codeStore: plan.codeStore } : {}),
    ...(plan.formats ? { formats: plan.formats } : {}),
    onProgress: (p) => progress.update(p),
    onStart: plan.onStart,
  })
    .catch((e: unknown) => {
      progress.finish({ exitCode: EXIT_INTERRUPTED });
      // The run stopped (a full disk) after its batch folder was made: what is written stays, and a resume goes on.
      const stopped = !isChartcoderError(e) || e.code === 'OUTPUT_NOT_WRITABLE' || e.code.startsWith('QUEUE_');
      if (!stopped || !existsSync(batchPaths(args.out, plan.batchId).partial)) throw e;
      const why = isChartcoderError(e) ? e.message : `unexpected internal error (${describeUnexpected(e)})`;
      io.stderr.write(
        `chartcoder: ${why}\nThe batch is interrupted, not lost: once the cause is fixed, finish it with\n  chartcoder run --resume ${plan.batchId} --out ${args.out}\n`,
      );
      return undefined;
    })
    .finally(stopOnSignal);
  if (result === undefined) return EXIT_INTERRUPTED;
  const code = result.failed > 0 ? 2 : 0;
  progress.finish({
    charts: result.charts,
    ok: result.charts - result.failed,
    failed: result.failed,
    codes: result.codes,
    codedNow: result.codedNow,
    exitCode: code,
    dir: result.dir,
  });
  const rate = result.codedNow / Math.max(0.001, result.ms / 1000);
  const what =
    result.codedNow === 0 && args.resume !== undefined
      ? 'already complete, nothing to do; '
      : args.resume !== undefined
        ? `resumed, ${result.codedNow} coded now; `
        : '';
  io.stdout.write(
    `batch ${result.batchId}: ${what}${result.charts} charts (${result.charts - result.failed} ok, ${result.failed} failed), ` +
      `${result.codes} codes (${result.auto} auto, ${result.review} review) in ${(result.ms / 1000).toFixed(1)}s, ${rate.toFixed(1)} charts/s\n` +
      `${codeSetsLine(result.codeSets)}\n` +
      `written to ${result.dir}\n`,
  );
  const changed = result.changedInputs ?? [];
  if (changed.length > 0) {
    const ids = changed.slice(0, 20).join(', ') + (changed.length > 20 ? `, … (${changed.length - 20} more)` : '');
    io.stdout.write(
      `${changed.length} chart(s) whose input file changed or went missing since the batch started were coded again: ${ids}\n`,
    );
  }
  const where =
    !plan.formats || plan.formats.includes('csv')
      ? `status and issue_codes in ${result.dir}/charts.csv`
      : plan.formats.includes('jsonl')
        ? `status and issues in ${result.dir}/codes.jsonl`
        : `the OperationOutcome in each failed chart's bundle in ${result.dir}/fhir/`;
  if (result.failed > 0) io.stderr.write(`${result.failed} chart(s) failed: see ${where}\n`);
  return code;
}

/** `code sets: icd10cm fy2026+starter-fy2026; cpt starter-2026 (store /srv/code-sets)`: what coded the batch. */
export function codeSetsLine({ store, used }: BatchCodeSets): string {
  const systems = Object.entries(used).map(([system, versions]) => `${system} ${versions.join(', ')}`);
  return `code sets: ${systems.join('; ') || 'none used'} (${store !== undefined ? `store ${store}` : 'embedded starter set'})`;
}

/** Calls `stop` on SIGTERM or SIGINT (cron's timeout, Ctrl-C) while a batch runs; returns what removes the handlers. */
function onStopSignal(stop: (signal: NodeJS.Signals) => void): () => void {
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
  for (const s of signals) process.once(s, stop);
  return () => {
    for (const s of signals) process.removeListener(s, stop);
  };
}
