/** `chartcoder run`: code a batch of charts and write the review batch. */
import type { Argv } from 'yargs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { STORE_ENV } from '../code-systems/store.js';
import { ChartcoderError } from '../contract/errors.js';
import { batchPaths, readRunSpec, writeRunSpec, type RunSpec } from '../write-review-batch/commit-batch.js';
import { listInputs } from '../ingest/list-inputs.js';
import { storeFor } from '../pipeline/pipeline-store.js';
import { loadPipelineConfig } from '../pipeline/config.js';
import { runBatch } from '../pipeline/run-batch.js';
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
  chartTimeout: number;
  codeStore?: string;
  quiet: boolean;
}

export function runCommandBuilder(y: Argv): Argv<RunArgs> {
  return y
    .positional('inputs', { describe: 'chart files and/or folders (searched recursively; dotfiles skipped)', type: 'string', array: true, default: [] })
    .option('out', { alias: 'o', describe: 'folder where the batch folder is created', type: 'string', default: 'output' })
    .option('pipeline', { alias: 'p', describe: 'built-in pipeline name (outpatient, inpatient) or a path to a pipeline JSON', type: 'string', default: 'outpatient' })
    .option('manifest', { alias: 'm', describe: 'CSV with columns chart_id, path [, encounter_type, date_of_service]; paths relative to the CSV', type: 'string' })
    .option('batch-id', { describe: 'name of the batch folder (default: UTC start time, YYYYMMDD-HHMMSS)', type: 'string' })
    .option('resume', { describe: 'go on with an interrupted batch (crash, kill -9) of this id; a finished batch is left as is', type: 'string' })
    .option('workers', { alias: 'w', describe: 'worker threads coding charts (default: one per core; 0 = this thread only)', type: 'number' })
    .option('concurrency', { alias: 'j', describe: 'charts in flight at once (default: 64 per worker)', type: 'number' })
    .option('chart-timeout', { describe: 'seconds one chart may take before it fails with CHART_TIMEOUT', type: 'number', default: 120 })
    .option('code-store', { describe: `code-set store of imported releases (see "chartcoder codes"); each chart coded with the release in force on its date of service [default: $${STORE_ENV} if set, else the embedded starter set]`, type: 'string' })
    .option('quiet', { alias: 'q', describe: 'no progress output on stderr', type: 'boolean', default: false })
    .example('$0 run fixtures/charts --out output/', 'code every chart in a folder with the outpatient pipeline')
    .example('$0 run --manifest tonight.csv --pipeline inpatient', 'code the charts a manifest lists, inpatient rules')
    .example('$0 run notes/a.txt scans/b.pdf --batch-id 2026-11-23-night', 'code two files into output/2026-11-23-night/')
    .example('$0 run --manifest tonight.csv --code-store /srv/code-sets', 'code with the imported official releases, each chart by its date of service')
    .example('$0 run --resume 2026-11-23-night', 'finish that batch after a crash, without redoing the charts already coded') as unknown as Argv<RunArgs>;
}

export function defaultBatchId(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

export async function runCommand(args: RunArgs, io: CliIo): Promise<number> {
  const batchId = args.resume ?? args.batchId ?? defaultBatchId();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(batchId)) {
    throw new ChartcoderError('USAGE', 'expected a batch id of letters, digits, ".", "_" and "-" only');
  }
  for (const [name, v, min] of [['--concurrency', args.concurrency, 1], ['--workers', args.workers, 0]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < min)) throw new ChartcoderError('USAGE', `expected ${name} to be a whole number of at least ${min}`);
  }
  if (!(args.chartTimeout > 0)) throw new ChartcoderError('USAGE', 'expected --chart-timeout to be a positive number of seconds');
  const paths = batchPaths(args.out, batchId);
  const resumable = args.resume !== undefined && !existsSync(paths.final);
  if (args.resume !== undefined && (args.inputs.length > 0 || args.manifest || args.batchId)) {
    throw new ChartcoderError('USAGE', '--resume takes the inputs and pipeline of the interrupted batch; give no inputs, --manifest or --batch-id with it');
  }
  const codeStore = args.codeStore ?? process.env[STORE_ENV];
  const spec: RunSpec = resumable
    ? readRunSpec(paths)
    : { inputs: args.inputs.map((i) => path.resolve(i)), ...(args.manifest ? { manifest: path.resolve(args.manifest) } : {}), pipeline: args.pipeline, configSha256: '', ...(codeStore ? { codeStore: path.resolve(codeStore) } : {}) };
  if (args.resume === undefined) {
    if (spec.inputs.length === 0 && !spec.manifest) throw new ChartcoderError('USAGE', 'expected chart files, folders or --manifest');
    if (spec.inputs.length > 0 && spec.manifest) throw new ChartcoderError('USAGE', 'give chart files/folders or --manifest, not both');
  }
  const config = loadPipelineConfig(spec.pipeline);
  // No store given: the pipeline's own, if it names one (imported from the official files the first time).
  if (!resumable && !spec.codeStore) {
    const own = storeFor(config, undefined, (system, fy) => io.stderr.write(`importing ${system} FY${fy} into the pipeline's code-set store (once)\n`));
    if (own) spec.codeStore = own;
  }
  if (resumable && spec.configSha256 !== config.hash) {
    throw new ChartcoderError('CONFIG_BAD_VALUE', 'the pipeline config changed since the batch started; resume needs the same config', config.file);
  }
  const inputs = args.resume !== undefined && !resumable ? [] : listInputs(spec.inputs, spec.manifest ? { manifest: spec.manifest } : {});
  const progress = progressReporter(io.stderr, { quiet: args.quiet });
  const result = await runBatch({
    config, inputs, outDir: args.out, batchId, resume: args.resume !== undefined,
    ...(args.concurrency ? { concurrency: args.concurrency } : {}),
    ...(args.workers !== undefined ? { workers: args.workers } : {}),
    chartTimeoutMs: args.chartTimeout * 1000,
    ...(spec.codeStore ? { codeStore: spec.codeStore } : {}),
    onProgress: (p) => progress.update(p),
    onStart: () => (args.resume === undefined ? writeRunSpec(paths, { ...spec, configSha256: config.hash }) : Promise.resolve()),
  });
  progress.finish();
  const rate = result.codedNow / Math.max(0.001, result.ms / 1000);
  const what = result.codedNow === 0 && args.resume !== undefined ? 'already complete, nothing to do; ' : args.resume !== undefined ? `resumed, ${result.codedNow} coded now; ` : '';
  io.stdout.write(
    `batch ${result.batchId}: ${what}${result.charts} charts (${result.charts - result.failed} ok, ${result.failed} failed), ` +
      `${result.codes} codes (${result.auto} auto, ${result.review} review) in ${(result.ms / 1000).toFixed(1)}s, ${rate.toFixed(1)} charts/s\n` +
      `written to ${result.dir}\n`,
  );
  if (result.failed > 0) io.stderr.write(`${result.failed} chart(s) failed: see status and issue_codes in ${result.dir}/charts.csv\n`);
  return result.failed > 0 ? 2 : 0;
}
