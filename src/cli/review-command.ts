/**
 * `chartcoder review <batch>`: the review page for coders (a local web server; see src/review/), and
 * `--export`: final-codes.csv from the decisions so far. Prints the page's URL (with its access token) and
 * runs until Ctrl+C. Request lines (with `--verbose`) name the route and status only, never chart text.
 */
import { userInfo } from 'node:os';
import type { Argv } from 'yargs';
import { ChartcoderError } from '../contract/errors.js';
import { exportFinalCodes } from '../review/export-final.js';
import { ReviewSession } from '../review/review-session.js';
import { startReviewServer } from '../review/server.js';
import type { CliIo } from './io.js';

export interface ReviewArgs {
  batch: string;
  port: number;
  coder: string;
  export: boolean;
  verbose: boolean;
}

export function reviewCommandBuilder(y: Argv): Argv<ReviewArgs> {
  return y
    .positional('batch', {
      describe: 'a finished batch folder (output/<batch-id>)',
      type: 'string',
      demandOption: true,
    })
    .option('port', { describe: 'port on 127.0.0.1 (0: any free port)', type: 'number', default: 0 })
    .option('coder', {
      describe: 'your name, recorded with each decision',
      type: 'string',
      default: defaultCoder(),
      defaultDescription: 'your login name',
    })
    .option('export', {
      describe: 'write <batch>/final-codes.csv from the decisions so far (accepted, changed and added codes) and exit',
      type: 'boolean',
      default: false,
    })
    .option('verbose', {
      describe: 'print one line per request (method, route, status, time; never chart text)',
      type: 'boolean',
      default: false,
    })
    .example(
      '$0 review output/20261123-010000 --coder maria',
      'start the review page; open the printed URL in a browser on this machine',
    )
    .example('$0 review output/20261123-010000 --export', 'write final-codes.csv') as unknown as Argv<ReviewArgs>;
}

function defaultCoder(): string {
  try {
    return userInfo().username || 'coder';
  } catch {
    return 'coder';
  }
}

export async function reviewCommand(args: ReviewArgs, io: CliIo, signal?: AbortSignal): Promise<number> {
  if (!/^[\w .@-]{1,64}$/.test(args.coder))
    throw new ChartcoderError('USAGE', 'expected --coder to be a name of 1 to 64 letters, digits, spaces, . @ _ -');
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535)
    throw new ChartcoderError('USAGE', 'expected --port between 0 and 65535');
  // the server shows the work list while the batch's rows are indexed; --export needs them all first
  const session = await ReviewSession.open(args.batch, { background: !args.export });
  try {
    if (args.export) {
      const s = await exportFinalCodes(session.index, session.log);
      io.stdout.write(
        `final codes: ${s.rows} codes for ${s.charts} charts with decisions (${s.done} done, ${s.inProgress} in progress: their undecided rows are not exported)\nwritten to ${s.file}\n`,
      );
      return 0;
    }
    const server = await startReviewServer({
      session,
      coder: args.coder,
      port: args.port,
      ...(args.verbose ? { onRequest: (e) => io.stderr.write(`${e.method} /${e.route} ${e.status} ${e.ms}ms\n`) } : {}),
    });
    io.stdout.write(
      `review page for batch ${session.index.batchId} (${session.index.charts.length} charts), coder ${args.coder}:\n${server.url}\nopen it in a browser on this machine; Ctrl+C stops the server (decisions are saved as they are made)\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      signal?.addEventListener('abort', stop);
    });
    await server.close();
    io.stdout.write('review server stopped\n');
    return 0;
  } finally {
    session.close();
  }
}
