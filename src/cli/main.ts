/**
 * The chartcoder command line. Commands are thin: they parse arguments, call the library and print.
 * Exit codes: 0 every chart coded; 2 the batch finished but some charts failed; 1 usage or config
 * error, nothing written.
 */
import yargs from 'yargs';
import { describeUnexpected, isChartcoderError } from '../contract/errors.js';
import { toolVersion } from '../pipeline/run-batch.js';
import type { CliIo } from './io.js';
import { calibrateCommand, calibrateCommandBuilder, type CalibrateArgs } from './calibrate-command.js';
import { codesCommandBuilder } from './codes-command.js';
import { evalCommand, evalCommandBuilder, type EvalArgs } from './eval-command.js';
import { explainCommand, explainCommandBuilder, type ExplainArgs } from './explain-command.js';
import { reviewCommand, reviewCommandBuilder, type ReviewArgs } from './review-command.js';
import { runCommand, runCommandBuilder, type RunArgs } from './run-command.js';
import { trainCommand, trainCommandBuilder, type TrainArgs } from './train-command.js';
import { workerCommand, workerCommandBuilder, type WorkerArgs } from './worker-command.js';

const EPILOG = `Exit codes: 0 all charts coded; 2 batch written but some charts failed (see charts.csv); 1 usage or configuration error, nothing written; 3 batch interrupted (e.g. a full disk), finish it with the --resume command printed.
Outputs: <out>/<batch-id>/codes.csv, charts.csv, manifest.json and _SUCCESS (the folder appears complete). Files are owner-only.
Documentation: README.md (every column of every output file, pipelines, code sets).`;

export async function main(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let exitCode = 0;
  let failure: unknown;
  const cli = yargs(argv)
    .scriptName('chartcoder')
    .usage(
      '$0 <command> [options]\n\nSuggest ICD-10-CM, ICD-10-PCS, CPT and HCPCS codes for a batch of clinical charts, for coders to review.',
    )
    .command<RunArgs>(
      'run [inputs..]',
      'code a batch of charts (PDF with a text layer, plain text) into a review batch',
      runCommandBuilder,
      async (args) => {
        exitCode = await runCommand(args, io);
      },
    )
    .command<WorkerArgs>(
      'worker',
      'code charts for "run --queue" coordinators: a long-lived process taking chart groups from a Redis queue',
      workerCommandBuilder,
      async (args) => {
        exitCode = await workerCommand(args, io);
      },
    )
    .command<EvalArgs>(
      'eval',
      'score a batch, or a fresh run, against gold charts: P/R/F1, MAP, calibration, evidence overlap',
      evalCommandBuilder,
      async (args) => {
        exitCode = await evalCommand(args, io);
      },
    )
    .command<CalibrateArgs>(
      'calibrate',
      'fit confidence scores and the auto threshold on gold charts; stored beside the pipeline config',
      calibrateCommandBuilder,
      async (args) => {
        exitCode = await calibrateCommand(args, io);
      },
    )
    .command<TrainArgs>(
      'train',
      'learn a ranking model from coded charts (gold files or CodiEsp); prints cross-validated figures and writes the model file',
      trainCommandBuilder,
      async (args) => {
        exitCode = await trainCommand(args, io);
      },
    )
    .command('codes', 'import official code-set releases into the local store; list, show and search codes', (y) =>
      codesCommandBuilder(y, io, (code) => {
        exitCode = code;
      }),
    )
    .command<ExplainArgs>(
      'explain <file>',
      'show how one chart is read: sections, mentions, assertions and why, codes with their order, flags, HCC and supporting diagnoses',
      explainCommandBuilder,
      async (args) => {
        exitCode = await explainCommand(args, io);
      },
    )
    .command<ReviewArgs>(
      'review <batch>',
      'the review page for coders: a local web page to accept, reject, change and add codes; --export writes final-codes.csv',
      reviewCommandBuilder,
      async (args) => {
        exitCode = await reviewCommand(args, io);
      },
    )
    .demandCommand(1, 'expected a command: run, worker, eval, calibrate, train, explain, codes or review')
    .strict()
    .recommendCommands()
    .epilogue(EPILOG)
    .version(toolVersion)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    // Throwing (not recording) stops the parse: with strict(), an unknown option must abort before the
    // command's handler does any work.
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
  // A closed pipe (\`| head\`) or a full device on stdout must not turn a written batch into a crash.
  let stdoutError: string | undefined;
  const onStdoutError = (e: NodeJS.ErrnoException) => (stdoutError ??= e.code ?? 'error');
  io.stdout.on('error', onStdoutError);
  let output = '';
  try {
    await cli.parseAsync(argv, {}, (_err, _argv, out) => {
      output = out;
    });
  } catch (e) {
    failure = e;
  }
  if (output) io.stdout.write(`${output}\n`);
  const code = failure ? report(failure, io) : exitCode;
  await new Promise<void>((resolve) => io.stdout.write('', () => resolve()));
  io.stdout.off('error', onStdoutError);
  if (stdoutError)
    io.stderr.write(
      `chartcoder: OUTPUT_NOT_WRITABLE: standard output could not be written (${stdoutError}); the exit code still tells what was done\n`,
    );
  return code;
}

class UsageError extends Error {
  override name = 'UsageError';
}

function report(e: unknown, io: CliIo): number {
  if (e instanceof UsageError) io.stderr.write(`chartcoder: ${e.message}\nRun "chartcoder --help" for usage.\n`);
  else if (isChartcoderError(e)) io.stderr.write(`chartcoder: ${e.message}\n`);
  else
    io.stderr.write(
      `chartcoder: unexpected internal error (${describeUnexpected(e)}); nothing was written. Please report it.\n`,
    );
  return 1;
}
