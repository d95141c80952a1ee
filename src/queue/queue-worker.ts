/**
 * `chartcoder worker`: a long-lived process that codes chart groups from the queue. Every second it says it is
 * alive (the coordinators count it) and looks at the batches waiting: it attaches to each whose versions match
 * its own (see queue-spec; a refusal is recorded with its reason for the coordinator, and reported) and detaches
 * from batches that are done. `stop` drains: no new job is taken, the jobs in hand finish and return.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { describeUnexpected } from '../contract/errors.js';
import { chartThreads } from '../pipeline/chart-processor.js';
import { toolVersion } from '../pipeline/run-batch.js';
import { BatchWorker } from './batch-worker.js';
import { localView, type QueueSpec } from './queue-spec.js';
import {
  attachedKey,
  BATCHES,
  connect,
  HEARTBEAT_MS,
  reachable,
  refusedKey,
  removeBatchKeys,
  safeUrl,
  specKey,
  WORKER_GONE_MS,
  WORKERS,
} from './redis-keys.js';

/** A refused batch is looked at again after this long. */
const RECHECK_MS = 30_000;

export interface QueueWorkerOptions {
  url: string;
  /** Worker threads coding charts. */
  threads: number;
  workerMemoryMb?: number;
  /** This machine's code store, when it is mounted elsewhere than the coordinator's. */
  codeStore?: string;
  /** How long to wait for Redis at start. */
  connectWaitMs?: number;
  /** What the worker does, for its log: ids, codes and counts only. */
  onEvent: (event: string, fields: Record<string, unknown>) => void;
}

export interface RunningWorker {
  id: string;
  stop(): Promise<void>;
}

export async function startQueueWorker(opts: QueueWorkerOptions): Promise<RunningWorker> {
  const redis = connect(opts.url);
  try {
    await reachable(redis, opts.url, opts.connectWaitMs ?? 10_000);
  } catch (e) {
    redis.disconnect();
    throw e;
  }
  const id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  // One set of threads for every batch: they stay warm between batches (see warm-sets).
  // Each batch's time limit travels with its groups; the pool's 1 s only makes the watchdog look every 0.1 s.
  const threads = chartThreads(opts.threads, opts.workerMemoryMb, 1000);
  const attached = new Map<string, Promise<BatchWorker | undefined>>();
  // batch → the spec refused and when: looked at again after a while (this machine's files may have been fixed)
  const refused = new Map<string, { json: string; at: number }>();
  let stopping = false;
  let wasAway = false;

  const attach = async (batchId: string): Promise<BatchWorker | undefined> => {
    const json = await redis.get(specKey(batchId));
    const before = refused.get(batchId);
    if (json === null || (before?.json === json && Date.now() - before.at < RECHECK_MS)) return undefined;
    const spec = JSON.parse(json) as QueueSpec;
    const view = localView(spec, opts.codeStore);
    if ('refusal' in view) {
      refused.set(batchId, { json, at: Date.now() });
      await redis.hset(refusedKey(batchId), id, `${view.refusal.code}: ${view.refusal.reason}`);
      opts.onEvent('refused', { batch: batchId, code: view.refusal.code, reason: view.refusal.reason });
      return undefined;
    }
    const worker = await BatchWorker.start(
      spec,
      view.config,
      redis,
      { threads, ...(view.codeStore !== undefined ? { codeStore: view.codeStore } : {}) },
      (why) => opts.onEvent('error', { batch: batchId, error: why }),
    );
    // The coordinator counts the workers really attached from this, not the live ones (which may still refuse).
    await redis.hset(attachedKey(batchId), id, Date.now());
    opts.onEvent('attached', { batch: batchId });
    return worker;
  };
  const detach = async (batchId: string): Promise<void> => {
    const worker = await attached.get(batchId)?.catch(() => undefined);
    attached.delete(batchId);
    if (worker) {
      await worker.close();
      await redis.hdel(attachedKey(batchId), id);
      // Committed (no longer listed): what this worker wrote on its queue after the coordinator removed it goes.
      if (!(await redis.sismember(BATCHES, batchId))) await removeBatchKeys(redis, batchId);
      // threadsStarted stays at --concurrency while no thread died: the next batch runs on the same threads.
      opts.onEvent('detached', { batch: batchId, jobs: worker.jobs, ...threads.stats() });
    }
  };

  const beat = async (): Promise<void> => {
    const now = Date.now();
    await redis
      .multi()
      .zadd(WORKERS, now, id)
      .zremrangebyscore(WORKERS, 0, now - 60 * WORKER_GONE_MS)
      .exec();
    const batches = new Set(await redis.smembers(BATCHES));
    if (wasAway) {
      wasAway = false;
      opts.onEvent('reconnected', { queue: safeUrl(opts.url) });
    }
    for (const b of batches) {
      if (attached.has(b) || stopping) continue;
      const p = attach(b).catch((e: unknown) => {
        opts.onEvent('error', { batch: b, error: describeUnexpected(e) });
        return undefined;
      });
      attached.set(b, p);
      // A batch not attached (its spec not there yet, or refused) is looked at again on a later beat.
      void p.then((w) => w === undefined && attached.get(b) === p && attached.delete(b));
    }
    for (const b of [...attached.keys()]) if (!batches.has(b)) await detach(b);
  };
  let beating = Promise.resolve();
  const timer = setInterval(() => {
    beating = beating.then(beat).catch((e: unknown) => {
      if (!wasAway)
        opts.onEvent('redis-away', { queue: safeUrl(opts.url), error: redis.lastError ?? describeUnexpected(e) });
      wasAway = true;
    });
  }, HEARTBEAT_MS);
  await beat();
  opts.onEvent('ready', {
    worker: id,
    queue: safeUrl(opts.url),
    threads: opts.threads,
    version: toolVersion,
    pid: process.pid,
  });

  return {
    id,
    async stop() {
      stopping = true;
      clearInterval(timer);
      await beating;
      for (const b of [...attached.keys()]) await detach(b);
      await threads.close();
      await redis.zrem(WORKERS, id).catch(() => undefined);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
