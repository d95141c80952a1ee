/**
 * What passes between the batch thread and a chart worker. The batch thread posts groups of charts; the
 * worker codes them one group after another and posts each group's coded charts back. Which chart a worker
 * is on, and since when, it writes into shared memory rather than a message (a message per chart costs the
 * batch thread a tenth of a core at 1,000 charts/s): the batch thread reads it to stop a worker stuck on one
 * chart at the time limit, and to know which chart was at fault when a worker dies.
 */
import { parentPort } from 'node:worker_threads';
import { describeUnexpected } from '../contract/errors.js';
import type { ChartInput } from '../ingest/list-inputs.js';
import type { CodedChart } from '../contract/stage.js';

export interface GroupTask {
  task: number;
  inputs: ChartInput[];
  /** What to code them with (the chart worker's WorkSet): a thread serves any batch, and stays warm between them. */
  set?: unknown;
}

/** `setsLoaded`: how many sets (pipeline + code sets) the thread has loaded since it started. */
export type GroupReply = ({ task: number; charts: CodedChart[] } | { task: number; error: string }) & {
  setsLoaded?: number;
};

/** Float64 slots of the shared progress: the task, the chart's index in it (-1: none), when it started (epoch ms). */
export const PROGRESS_BYTES = 3 * 8;

export interface ChartProgress {
  task: number;
  index: number;
  startedAt: number;
}

export function readProgress(shared: Float64Array): ChartProgress {
  return { task: shared[0]!, index: shared[1]!, startedAt: shared[2]! };
}

/**
 * `code` codes a group with the task's set, calling `starting(i)` before its i-th chart; `setsLoaded` counts the
 * sets the thread loaded (reported with each reply). Runs in the worker thread.
 */
export function serveGroups(
  progress: SharedArrayBuffer,
  code: (inputs: ChartInput[], starting: (i: number) => void, set: unknown) => Promise<CodedChart[]>,
  setsLoaded?: () => number,
): void {
  const shared = new Float64Array(progress);
  shared[1] = -1;
  let queue = Promise.resolve();
  parentPort!.on('message', (m: GroupTask) => {
    if (typeof m.task !== 'number') return; // an answer about shared tables (thread-tables.ts)
    queue = queue.then(async () => {
      let reply: GroupReply;
      try {
        reply = {
          task: m.task,
          charts: await code(
            m.inputs,
            (i) => {
              shared[0] = m.task;
              shared[2] = Date.now();
              shared[1] = i;
            },
            m.set,
          ),
        };
      } catch (e) {
        reply = { task: m.task, error: describeUnexpected(e) };
      }
      shared[1] = -1;
      if (setsLoaded) reply.setsLoaded = setsLoaded();
      parentPort!.postMessage(reply);
    });
  });
}
