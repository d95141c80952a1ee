/**
 * The chart workers: a fixed number of worker threads, each coding the groups it is handed one after
 * another (two at a time in its queue, so it never waits for the next). Only the chart at fault fails:
 * - a chart still running at the time limit (stuck inside one stage: a regex that backtracks forever, a
 *   PDF that never ends) has its worker stopped; it fails with CHART_TIMEOUT;
 * - a chart whose worker runs out of its heap (`resourceLimits`) fails with CHART_MEMORY_LIMIT, and one
 *   whose worker dies otherwise with WORKER_FAILED;
 * and in each case every other chart that worker held is coded again (on a fresh worker), never failed.
 * The chart at fault is known exactly: each worker says in shared memory which chart it is on.
 */
import { Worker } from 'node:worker_threads';
import type { Issue } from '../contract/chart-record.js';
import { describeUnexpected } from '../contract/errors.js';
import type { ChartInput } from '../ingest/list-inputs.js';
import { timeoutIssue } from './process-chart.js';
import type { CodedChart } from '../contract/stage.js';
import { PROGRESS_BYTES, readProgress, type GroupReply, type GroupTask } from './worker-protocol.js';
import { isTableAsk, TableBroker } from './table-broker.js';

export interface PoolOptions {
  workers: number;
  /** The compiled worker module; it serves groups with `serveGroups`. */
  filename: string;
  workerData: Record<string, unknown>;
  chartTimeoutMs: number;
  /** Old-generation heap of each worker, MB: a chart that needs more fails alone. */
  heapMb: number;
  /** A failed chart as the sink writes it (made on this thread). */
  failed: (input: ChartInput, issue: Issue) => CodedChart;
}

/**
 * What a group is coded with, when the pool serves more than one batch (a queue worker's warm threads): the
 * set the thread codes it with, its time limit and how its failed charts are written. Default: the pool's own.
 */
export interface GroupJob {
  set?: unknown;
  chartTimeoutMs?: number;
  failed?: (input: ChartInput, issue: Issue) => CodedChart;
}

/**
 * Threads started and sets loaded (the sum over threads) since the pool started: warm threads start once. Shared
 * tables (table-broker.ts) built by one thread, and handed to another instead of being built again.
 */
export interface PoolStats {
  threadsStarted: number;
  setsLoaded: number;
  tablesBuilt: number;
  tablesShared: number;
}

interface Task {
  id: number;
  inputs: ChartInput[];
  job: GroupJob;
  done: (charts: CodedChart[]) => void;
}

interface Slot {
  worker: Worker;
  progress: Float64Array;
  /** Tasks posted to this worker, in the order it codes them. */
  tasks: Task[];
  stopped?: 'timeout';
  error?: unknown;
  setsLoaded: number;
}

/** Groups queued per worker: one being coded, one waiting, so a worker never idles between groups. */
const DEPTH = 2;

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  private readonly watchdog: NodeJS.Timeout;
  private threadsStarted = 0;
  /** Sets loaded by threads that have ended. */
  private setsLoadedBefore = 0;
  private readonly tables = new TableBroker();

  constructor(private readonly opts: PoolOptions) {
    for (let i = 0; i < opts.workers; i++) this.slots.push(this.spawn());
    // Checked often enough that a stuck chart is stopped within a tenth of the limit (at most a second) of it.
    const tick = Math.max(10, Math.min(1000, opts.chartTimeoutMs / 10));
    this.watchdog = setInterval(() => this.stopLate(), tick);
    this.watchdog.unref();
  }

  /** Codes a group; one result per input, in order. Never rejects: a chart that cannot be coded is a failed chart. */
  code(inputs: ChartInput[], job: GroupJob = {}): Promise<CodedChart[]> {
    return new Promise((done) => this.enqueue(inputs, job, done, false));
  }

  get size(): number {
    return this.opts.workers;
  }

  stats(): PoolStats {
    return {
      threadsStarted: this.threadsStarted,
      setsLoaded: this.slots.reduce((n, s) => n + s.setsLoaded, this.setsLoadedBefore),
      tablesBuilt: this.tables.built,
      tablesShared: this.tables.shared,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watchdog);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private enqueue(inputs: ChartInput[], job: GroupJob, done: (charts: CodedChart[]) => void, first: boolean): void {
    const task = { id: this.nextId++, inputs, job, done };
    if (first) this.queue.unshift(task);
    else this.queue.push(task);
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      while (slot.tasks.length < DEPTH && this.queue.length > 0) {
        const task = this.queue.shift()!;
        slot.tasks.push(task);
        slot.worker.postMessage({ task: task.id, inputs: task.inputs, set: task.job.set } satisfies GroupTask);
      }
    }
  }

  private spawn(): Slot {
    const progress = new SharedArrayBuffer(PROGRESS_BYTES);
    const worker = new Worker(this.opts.filename, {
      workerData: { ...this.opts.workerData, progress },
      resourceLimits: { maxOldGenerationSizeMb: this.opts.heapMb },
    });
    const slot: Slot = { worker, progress: new Float64Array(progress), tasks: [], setsLoaded: 0 };
    this.threadsStarted++;
    worker.on('message', (m: GroupReply) => (isTableAsk(m) ? this.tables.onAsk(worker, m) : this.onReply(slot, m)));
    worker.on('error', (e) => (slot.error ??= e));
    worker.on('exit', () => this.onExit(slot));
    return slot;
  }

  private onReply(slot: Slot, reply: GroupReply): void {
    const task = slot.tasks.shift()!;
    slot.setsLoaded = reply.setsLoaded ?? slot.setsLoaded;
    this.dispatch();
    if ('charts' in reply) return task.done(reply.charts);
    // The group threw outside any one chart's stages: code its charts one by one, so only one can fail.
    if (task.inputs.length === 1) return task.done([this.failedOf(task)(task.inputs[0]!, workerFailed(reply.error))]);
    this.split(
      task,
      task.inputs.map(() => undefined),
    );
  }

  /** Stops each worker whose current chart has run past the limit. */
  private stopLate(): void {
    const now = Date.now();
    for (const slot of this.slots) {
      const p = readProgress(slot.progress);
      const running = slot.tasks[0];
      if (slot.stopped || p.index < 0 || p.task !== running?.id) continue;
      if (now - p.startedAt > this.timeoutOf(running)) {
        slot.stopped = 'timeout';
        void slot.worker.terminate();
      }
    }
  }

  /** A worker ended: fail the chart it was on, code every other chart it held again, start a new worker. */
  private onExit(slot: Slot): void {
    if (this.closed) return;
    const p = readProgress(slot.progress);
    const [running, ...waiting] = slot.tasks;
    this.setsLoadedBefore += slot.setsLoaded;
    this.tables.gone(slot.worker);
    this.slots[this.slots.indexOf(slot)] = this.spawn();
    for (const task of waiting.reverse()) this.queue.unshift(task);
    if (running) {
      // Between charts (index -1) nothing was running: the group's first chart is taken as the one at fault,
      // so a worker that cannot even start still ends in failed charts, never a loop.
      // (A worker stopped at the time limit just as its chart finished was on no chart: nothing to blame.)
      const at = p.task === running.id && p.index >= 0 ? p.index : slot.stopped ? -1 : 0;
      const results: (CodedChart | undefined)[] = running.inputs.map(() => undefined);
      if (at >= 0) results[at] = this.failedOf(running)(running.inputs[at]!, this.deathIssue(slot, running));
      this.split(running, results);
    }
    this.dispatch();
  }

  private timeoutOf(task: Task): number {
    return task.job.chartTimeoutMs ?? this.opts.chartTimeoutMs;
  }

  private failedOf(task: Task): PoolOptions['failed'] {
    return task.job.failed ?? this.opts.failed;
  }

  private deathIssue(slot: Slot, task: Task): Issue {
    if (slot.stopped === 'timeout') return timeoutIssue(this.timeoutOf(task));
    if ((slot.error as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return {
        stage: 'run',
        code: 'CHART_MEMORY_LIMIT',
        severity: 'fatal',
        message: `needed more than the ${this.opts.heapMb} MB of memory a chart may use; code it by hand or raise --worker-memory`,
      };
    }
    return workerFailed(slot.error === undefined ? 'exited' : describeUnexpected(slot.error));
  }

  /** Codes again, each alone and first in line, the charts of `task` that have no result yet. */
  private split(task: Task, results: (CodedChart | undefined)[]): void {
    let missing = results.filter((r) => r === undefined).length;
    if (missing === 0) return task.done(results as CodedChart[]);
    results.forEach((r, i) => {
      if (r !== undefined) return;
      this.enqueue(
        [task.inputs[i]!],
        task.job,
        ([chart]) => {
          results[i] = chart;
          if (--missing === 0) task.done(results as CodedChart[]);
        },
        true,
      );
    });
  }
}

function workerFailed(why: string): Issue {
  return {
    stage: 'run',
    code: 'WORKER_FAILED',
    severity: 'fatal',
    message: `the worker coding this chart failed (${why})`,
  };
}
