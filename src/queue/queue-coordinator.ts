/**
 * The coordinator's side of a queue run: a ChartProcessor (as the local worker pool is one) that hands each
 * group of charts to the batch's BullMQ queue and resolves with the coded charts a worker returns. Jobs carry
 * chart ids and paths, never chart text. A job's id is made from its charts' ids, so a resumed coordinator
 * finds the jobs it had handed out (waiting, or finished with their results) instead of coding them again.
 * Results come by QueueEvents; a sweep every second reads the state of jobs still out (an event can be missed
 * across a reconnect; a Redis that restarted empty has lost them: they are added again). The run stops with a
 * coded error, resumable, when Redis stays away or no worker takes the batch for `workerWaitMs`.
 * Round trips are few per chart: groups handed out together go in one `addBulk`, and settled jobs are removed
 * together once a second (see removeSettled); the sweep reads only jobs its events have been slow to settle.
 */
import { createHash } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type { Issue } from '../contract/chart-record.js';
import { ChartcoderError } from '../contract/errors.js';
import type { ChartInput } from '../ingest/list-inputs.js';
import { failedChart, type ChartProcessor, type ProcessorFactory } from '../pipeline/chart-processor.js';
import { sinkEncoder } from '../pipeline/process-chart.js';
import type { CodedChart } from '../contract/stage.js';
import { versionsOf, type QueueSpec } from './queue-spec.js';
import {
  attachedKey,
  BATCHES,
  bullKey,
  connect,
  crashesKey,
  PREFIX,
  queueName,
  reachable,
  refusedKey,
  removeBatchKeys,
  safeUrl,
  specKey,
} from './redis-keys.js';
import { WorkerWatch } from './worker-watch.js';

export interface QueueRunOptions {
  url: string;
  /** Stop (resumable) when no worker has taken the batch, or Redis has been away, for this long. */
  workerWaitMs: number;
  /** Say so (`onNotice`) once no worker has been attached for this long (default 3 s). */
  noticeMs?: number;
  lockMs?: number;
  attempts?: number;
  /** Coded notices for the operator (the CLI prints them on stderr): counts and codes only. */
  onNotice?: (code: string, message: string) => void;
}

export interface JobData {
  inputs: ChartInput[];
}

/** A job out for this long without its event is read by the sweep (events settle the others first). */
const SWEEP_AFTER_MS = 2000;

interface Pending {
  inputs: ChartInput[];
  /** When it was (last) added: the sweep leaves young jobs to their events. */
  at: number;
  resolve: (charts: CodedChart[]) => void;
  reject: (e: unknown) => void;
}

/** A queue run's processor factory: `runBatch({ …, processor: queueProcessor(opts) })`. */
export function queueProcessor(q: QueueRunOptions): ProcessorFactory {
  return async (config, opts) => {
    // Its chart functions ask a service on the coordinator's threads (a channel within one process).
    if (config.stages.some((s) => s.stage.name === 'second-opinion'))
      throw new ChartcoderError(
        'USAGE',
        "the second-opinion stage asks a service in the coordinator's process; run this pipeline without --queue",
      );
    const spec: QueueSpec = {
      batchId: opts.batch.id,
      dir: opts.batch.dir,
      ...(opts.batch.formats ? { formats: opts.batch.formats } : {}),
      pipeline: config.file,
      ...versionsOf(config, opts.codeStore),
      ...(opts.codeStore !== undefined ? { codeStore: opts.codeStore } : {}),
      chartTimeoutMs: opts.chartTimeoutMs,
      lockMs: q.lockMs ?? 30_000,
      attempts: q.attempts ?? 3,
    };
    const redis = connect(q.url);
    try {
      await reachable(redis, q.url, q.workerWaitMs);
    } catch (e) {
      redis.disconnect();
      throw e;
    }
    const coordinator = new QueueCoordinator(q, spec, redis, failedChart(config, sinkEncoder(config, opts.batch)));
    await coordinator.start();
    return coordinator;
  };
}

class QueueCoordinator implements ChartProcessor {
  private readonly pending = new Map<string, Pending>();
  /** Jobs to add in the next bulk (the groups handed out in one turn of the event loop). */
  private toAdd = new Map<string, ChartInput[]>();
  /** Settled jobs whose keys go in the next tick's batch (see removeSettled). */
  private settled: string[] = [];
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly eventsRedis: ReturnType<typeof connect>;
  private readonly watch: WorkerWatch;
  private readonly timer: NodeJS.Timeout;
  private failure: unknown;
  private awaySince: number | undefined;

  constructor(
    private readonly q: QueueRunOptions,
    private readonly spec: QueueSpec,
    private readonly redis: ReturnType<typeof connect>,
    private readonly failed: ReturnType<typeof failedChart>,
  ) {
    this.queue = new Queue(queueName(spec.batchId), { connection: redis, prefix: PREFIX });
    this.queue.on('error', () => undefined); // connection errors: the sweep sees Redis away and decides
    this.eventsRedis = connect(q.url);
    this.events = new QueueEvents(queueName(spec.batchId), { connection: this.eventsRedis, prefix: PREFIX });
    this.events.on('error', () => undefined);
    this.events.on('completed', ({ jobId, returnvalue }) =>
      this.settle(jobId, typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue),
    );
    this.events.on('failed', ({ jobId, failedReason }) => this.onFailed(jobId, failedReason));
    this.watch = new WorkerWatch(redis, spec.batchId, {
      noticeMs: q.noticeMs ?? 3000,
      waitMs: q.workerWaitMs,
      url: q.url,
      ...(q.onNotice ? { onNotice: q.onNotice } : {}),
    });
    this.timer = setInterval(() => void this.tick(), 1000);
    this.timer.unref();
  }

  /** Publishes the batch for the workers (again after Redis came back empty). */
  async start(): Promise<void> {
    await this.redis
      .multi()
      .set(specKey(this.spec.batchId), JSON.stringify(this.spec))
      .del(refusedKey(this.spec.batchId))
      .sadd(BATCHES, this.spec.batchId)
      .exec();
    await this.events.waitUntilReady();
  }

  code(inputs: ChartInput[], id = jobIdOf(inputs)): Promise<CodedChart[]> {
    if (inputs.some((i) => i.text !== undefined))
      return Promise.reject(
        new ChartcoderError(
          'USAGE',
          'charts given as text in memory cannot go on the queue (jobs carry paths only); write them to files',
        ),
      );
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { inputs, resolve, reject, at: Date.now() });
      this.add(id, inputs);
    });
  }

  /**
   * Adding a job whose id exists is a no-op: a resumed run re-attaches to the jobs it handed out. The groups
   * handed out in one turn of the event loop (the first slots, or those freed by one read of events) go to
   * Redis in one `addBulk`: one round trip, all or none.
   */
  private add(id: string, inputs: ChartInput[]): void {
    if (this.toAdd.size === 0) setImmediate(() => this.addQueued());
    this.toAdd.set(id, inputs);
  }

  private addQueued(): void {
    const jobs = [...this.toAdd].map(([jobId, inputs]) => {
      const data: JobData = { inputs: inputs.map(({ text: _text, ...paths }) => paths) };
      return { name: 'charts', data, opts: { jobId } };
    });
    this.toAdd = new Map();
    this.queue.addBulk(jobs).catch(() => undefined); // Redis away: the sweep adds them again
  }

  private settle(id: string, charts: CodedChart[]): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.resolve(charts);
    this.settled.push(id); // its result is here now: its keys go in the next tick's batch, the rest at commit
  }

  /**
   * A settled job is finished (completed or failed): its hash (and logs) and its entry in the completed or
   * failed set are all BullMQ keeps of it, so they go in one pipeline for every job settled since the last
   * tick, instead of one `removeJob` script (and its `removed` event) per job. Redis memory stays bounded by
   * a second's results; what is left at commit goes with the queue (finish).
   */
  private async removeSettled(): Promise<void> {
    if (this.settled.length === 0) return;
    const ids = this.settled;
    this.settled = [];
    const key = (name: string) => bullKey(this.spec.batchId, name);
    const keys = ids.flatMap((id) => [key(id), key(`${id}:logs`)]);
    await this.redis
      .pipeline()
      .del(...keys)
      .zrem(key('completed'), ...ids)
      .zrem(key('failed'), ...ids)
      .exec();
  }

  /** A job BullMQ gave up on (its workers kept dying past the stall limit): its charts fail, the batch goes on. */
  private onFailed(id: string, reason: string | undefined): void {
    const p = this.pending.get(id);
    if (!p) return;
    const stalled = /stalled/i.test(reason ?? '');
    const issue: Issue = {
      stage: 'run',
      code: 'CHART_WORKER_CRASH',
      severity: 'fatal',
      message: stalled
        ? 'the worker processes coding this chart kept dying; code it by hand'
        : 'a worker could not code this chart',
    };
    this.settle(
      id,
      p.inputs.map((input) => this.failed(input, issue)),
    );
  }

  private async tick(): Promise<void> {
    if (this.failure !== undefined) return;
    try {
      if (this.redis.status !== 'ready') return this.away();
      if (this.awaySince !== undefined) {
        this.awaySince = undefined;
        this.q.onNotice?.('QUEUE_UNREACHABLE', `Redis at ${safeUrl(this.q.url)} is back; the batch goes on`);
        await this.start(); // a Redis that restarted empty has forgotten the batch
      }
      await this.sweep();
      await this.removeSettled();
      const stop = await this.watch.check(this.pending.size > 0);
      if (stop) this.stop(stop);
    } catch {
      this.away();
    }
  }

  private away(): void {
    const now = Date.now();
    if (this.awaySince === undefined) {
      this.awaySince = now;
      this.q.onNotice?.(
        'QUEUE_UNREACHABLE',
        `lost Redis at ${safeUrl(this.q.url)} (${this.redis.lastError ?? 'no connection'}); waiting up to ${Math.round(this.q.workerWaitMs / 1000)} s for it`,
      );
    } else if (now - this.awaySince > this.q.workerWaitMs) {
      this.stop(
        new ChartcoderError(
          'QUEUE_UNREACHABLE',
          `Redis did not come back within ${Math.round(this.q.workerWaitMs / 1000)} s`,
          safeUrl(this.q.url),
        ),
      );
    }
  }

  /** Reads the state of every job out for a while: finished ones settle, forgotten ones are added again. */
  private async sweep(): Promise<void> {
    const old = Date.now() - SWEEP_AFTER_MS;
    const ids = [...this.pending].filter(([, p]) => p.at < old).map(([id]) => id);
    if (ids.length === 0) return;
    const key = (id: string) => bullKey(this.spec.batchId, id);
    const replies = await this.redis
      .pipeline(ids.map((id) => ['hmget', key(id), 'data', 'returnvalue', 'failedReason', 'finishedOn']))
      .exec();
    replies?.forEach(([err, fields], k) => {
      const id = ids[k]!;
      const [data, returnvalue, failedReason, finishedOn] = (fields ?? []) as (string | null | undefined)[];
      if (err || !this.pending.has(id)) return;
      if (data == null) {
        const p = this.pending.get(id)!;
        p.at = Date.now();
        this.add(id, p.inputs);
      } else if (returnvalue != null && finishedOn != null) this.settle(id, JSON.parse(returnvalue));
      else if (failedReason != null && finishedOn != null) this.onFailed(id, failedReason);
    });
  }

  private stop(e: ChartcoderError): void {
    this.failure = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  /** Every chart is written: the batch's keys go (jobs, results, spec, refusals, attached workers, crash counts). */
  async finish(): Promise<void> {
    const id = this.spec.batchId;
    const removed = (async () => {
      await this.redis
        .multi()
        .srem(BATCHES, id)
        .del(specKey(id), refusedKey(id), crashesKey(id), attachedKey(id))
        .exec();
      await this.events.close();
      await this.queue.obliterate({ force: true });
      await removeBatchKeys(this.redis, id);
      return true;
    })();
    // Every chart is written: Redis away now must not keep the batch from committing.
    if (!(await within(removed, this.q.workerWaitMs)))
      this.q.onNotice?.(
        'QUEUE_UNREACHABLE',
        `could not remove the batch's keys (chartcoder:*${id}*) from Redis; the batch is committed`,
      );
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    // Closing waits for Redis: bounded, so a run stopping because Redis is away still ends.
    await within(Promise.allSettled([this.events.close(), this.queue.close()]), 2000);
    for (const r of [this.redis, this.eventsRedis]) {
      if (r.status === 'ready') await within(r.quit(), 2000);
      r.disconnect();
    }
  }
}

/** Charts of a group in one id: a group is the same group on a resume (see chart-groups' todoGroups). */
function jobIdOf(inputs: ChartInput[]): string {
  const hash = createHash('sha1');
  for (const i of inputs) hash.update(i.id).update('\0');
  return `g${hash.digest('hex')}`;
}

/** What `p` gave if it settled within `ms` (undefined if it failed or took longer). */
async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    p.catch(() => undefined),
    new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms))),
  ]);
  clearTimeout(timer);
  return result;
}
