/** `chartcoder worker`: code chart groups from a Redis queue until stopped (SIGTERM/SIGINT drain, then exit 0). */
import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import { ChartcoderError } from '../contract/errors.js';
import { DEFAULT_WORKER_MEMORY_MB } from '../pipeline/chart-processor.js';
import { startQueueWorker } from '../queue/queue-worker.js';
import { checkQueueUrl } from '../queue/redis-keys.js';
import type { CliIo } from './io.js';

export interface WorkerArgs {
  queue: string;
  concurrency?: number;
  workerMemory: number;
  codeStore?: string;
}

export function workerCommandBuilder(y: Argv): Argv<WorkerArgs> {
  return y
    .option('queue', {
      describe: 'Redis URL of the queue: redis://[user:password@]host[:port][/db], rediss:// for TLS',
      type: 'string',
      demandOption: true,
    })
    .option('concurrency', {
      alias: 'c',
      describe: 'worker threads coding charts (default: one per core)',
      type: 'number',
    })
    .option('worker-memory', {
      describe: 'heap of each worker thread in MB: a chart that needs more fails with CHART_MEMORY_LIMIT',
      type: 'number',
      default: DEFAULT_WORKER_MEMORY_MB,
    })
    .option('code-store', {
      describe:
        "this machine's code-set store, when mounted elsewhere than the coordinator's [default: the path the batch names]",
      type: 'string',
    })
    .example(
      '$0 worker --queue redis://queue.internal:6379/0 --concurrency 8',
      'code charts for every batch on that queue, 8 at a time',
    )
    .example(
      '$0 worker --queue rediss://chartcoder:secret@queue.internal:6380/0',
      'over TLS, with Redis AUTH',
    ) as unknown as Argv<WorkerArgs>;
}

/** Runs until SIGTERM or SIGINT; a second signal stops at once. */
export async function workerCommand(args: WorkerArgs, io: CliIo): Promise<number> {
  checkQueueUrl(args.queue);
  const threads = args.concurrency ?? availableParallelism();
  for (const [name, v, min] of [
    ['--concurrency', threads, 1],
    ['--worker-memory', args.workerMemory, 64],
  ] as const) {
    if (!Number.isInteger(v) || v < min)
      throw new ChartcoderError('USAGE', `expected ${name} to be a whole number of at least ${min}`);
  }
  const log = (event: string, fields: Record<string, unknown>) =>
    io.stdout.write(`${JSON.stringify({ event, ts: new Date().toISOString(), ...fields })}\n`);
  let stop: () => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (stop = () => resolve('stop')));
  const onSignal = (signal: NodeJS.Signals) => {
    log('draining', { signal });
    process.once(signal, () => process.exit(1));
    stop();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    const worker = await startQueueWorker({
      url: args.queue,
      threads,
      workerMemoryMb: args.workerMemory,
      ...(args.codeStore ? { codeStore: args.codeStore } : {}),
      onEvent: log,
    });
    await stopped;
    await worker.stop();
    log('stopped', { worker: worker.id });
    return 0;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
