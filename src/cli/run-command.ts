/** `chartcoder run`: code a batch of charts and write the review batch. */
import type { Argv } from 'yargs';
import { ChartcoderError } from '../errors.js';
import { listInputs } from '../ingest/list-inputs.js';
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
  concurrency: number;
  quiet: boolean;
}

export function runCommandBuilder(y: Argv): Argv<RunArgs> {
  return y
    .positional('inputs', { describe: 'chart files and/or folders (searched recursively; dotfiles skipped)', type: 'string', array: true, default: [] })
    .option('out', { alias: 'o', describe: 'folder where the batch folder is created', type: 'string', default: 'output' })
    .option('pipeline', { alias: 'p', describe: 'built-in pipeline name (outpatient, inpatient) or a path to a pipeline JSON', type: 'string', default: 'outpatient' })
    .option('manifest', { alias: 'm', describe: 'CSV with columns chart_id, path [, encounter_type, date_of_service]; paths relative to the CSV', type: 'string' })
    .option('batch-id', { describe: 'name of the batch folder (default: UTC start time, YYYYMMDD-HHMMSS)', type: 'string' })
    .option('concurrency', { alias: 'j', describe: 'charts in flight at once', type: 'number', default: 4 })
    .option('quiet', { alias: 'q', describe: 'no progress output on stderr', type: 'boolean', default: false })
    .example('$0 run fixtures/charts --out output/', 'code every chart in a folder with the outpatient pipeline')
    .example('$0 run --manifest tonight.csv --pipeline inpatient', 'code the charts a manifest lists, inpatient rules')
    .example('$0 run notes/a.txt scans/b.pdf --batch-id 2026-11-23-night', 'code two files into output/2026-11-23-night/') as unknown as Argv<RunArgs>;
}

export function defaultBatchId(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

export async function runCommand(args: RunArgs, io: CliIo): Promise<number> {
  const batchId = args.batchId ?? defaultBatchId();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(batchId)) {
    throw new ChartcoderError('USAGE', 'expected --batch-id of letters, digits, ".", "_" and "-" only');
  }
  if (!Number.isInteger(args.concurrency) || args.concurrency < 1) throw new ChartcoderError('USAGE', 'expected --concurrency to be a whole number of at least 1');
  if (args.inputs.length === 0 && !args.manifest) throw new ChartcoderError('USAGE', 'expected chart files, folders or --manifest');
  if (args.inputs.length > 0 && args.manifest) throw new ChartcoderError('USAGE', 'give chart files/folders or --manifest, not both');
  const config = loadPipelineConfig(args.pipeline);
  const inputs = listInputs(args.inputs, { manifest: args.manifest });
  const progress = progressReporter(io.stderr, { quiet: args.quiet });
  const result = await runBatch({ config, inputs, outDir: args.out, batchId, concurrency: args.concurrency, onProgress: (p) => progress.update(p) });
  progress.finish();
  const rate = result.charts / Math.max(0.001, result.ms / 1000);
  io.stdout.write(
    `batch ${result.batchId}: ${result.charts} charts (${result.charts - result.failed} ok, ${result.failed} failed), ` +
      `${result.codes} codes (${result.auto} auto, ${result.review} review) in ${(result.ms / 1000).toFixed(1)}s, ${rate.toFixed(1)} charts/s\n` +
      `written to ${result.dir}\n`,
  );
  if (result.failed > 0) io.stderr.write(`${result.failed} chart(s) failed: see status and issue_codes in ${result.dir}/charts.csv\n`);
  return result.failed > 0 ? 2 : 0;
}
