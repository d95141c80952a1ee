/**
 * Where a queue run lives on Redis, and how chartcoder connects to it. Every key starts with `chartcoder:`;
 * a batch's keys hold its id (BullMQ's under `chartcoder:batch-<id>:`, ours under `chartcoder:run:<id>`) and
 * are removed when the batch is committed. Two keys are shared: the set of batches waiting for workers, and the
 * workers' heartbeats. A `rediss://` URL connects over TLS; a user and password in the URL are sent as AUTH.
 */
import { Redis } from 'ioredis';
import { ChartcoderError } from '../contract/errors.js';

export const PREFIX = 'chartcoder';
/** The BullMQ queue of a batch (its keys: `chartcoder:batch-<id>:…`). */
export const queueName = (batchId: string): string => `batch-${batchId}`;
/** One of BullMQ's keys of the batch's queue: a job's hash (`<job id>`), `completed`, `failed`, or `*` for all. */
export const bullKey = (batchId: string, name: string): string => `${PREFIX}:${queueName(batchId)}:${name}`;
/** JSON of the batch's QueueSpec: what a worker needs to code it, and the versions it must match. */
export const specKey = (batchId: string): string => `${PREFIX}:run:${batchId}`;
/** Hash: worker id → why it refused the batch (coded). */
export const refusedKey = (batchId: string): string => `${PREFIX}:run:${batchId}:refused`;
/** Hash: worker id → when it attached to the batch (its threads ready for the batch's jobs); removed when it detaches. */
export const attachedKey = (batchId: string): string => `${PREFIX}:run:${batchId}:attached`;
/** Hash: chart id → times a worker process started it alone and never finished (it died). */
export const crashesKey = (batchId: string): string => `${PREFIX}:run:${batchId}:crashes`;
/**
 * Deletes whatever is left under the batch's BullMQ prefix (`chartcoder:batch-<id>:*`): what a worker still
 * attached wrote after the queue was obliterated (its markers, meta, stalled checks, the events stream).
 */
export async function removeBatchKeys(redis: Redis, batchId: string): Promise<void> {
  const pattern = bullKey(batchId, '*');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** Set of the ids of batches being coded: workers attach to each. */
export const BATCHES = `${PREFIX}:batches`;
/** Sorted set: worker id → when it last said it was alive (epoch ms). */
export const WORKERS = `${PREFIX}:workers`;
/** Workers say they are alive this often; one silent for WORKER_GONE_MS counts as gone. */
export const HEARTBEAT_MS = 1000;
export const WORKER_GONE_MS = 5000;

export function checkQueueUrl(url: string): void {
  if (!/^rediss?:\/\/[^/]/.test(url))
    throw new ChartcoderError(
      'USAGE',
      'expected --queue to be a redis:// or rediss:// URL (redis://[user:password@]host[:port][/db])',
    );
}

/** The URL without its password: for logs and messages. */
export function safeUrl(url: string): string {
  return url.replace(
    /^(rediss?:\/\/)([^@/]*)@/,
    (_m, scheme: string, auth: string) => `${scheme}${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`,
  );
}

/**
 * A connection that retries for ever (BullMQ's workers need `maxRetriesPerRequest: null`): commands wait while
 * Redis is away, and the callers decide how long that may last. Errors are kept for them, never printed.
 */
export function connect(url: string): Redis & { lastError?: string } {
  const redis: Redis & { lastError?: string } = new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (n) => Math.min(100 * n, 1000),
  });
  redis.on('error', (e: NodeJS.ErrnoException) => (redis.lastError = e.code ?? e.name));
  return redis;
}

/** Resolves once Redis answers; a QUEUE_UNREACHABLE error after `waitMs`. */
export async function reachable(redis: Redis & { lastError?: string }, url: string, waitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_r, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ChartcoderError(
            'QUEUE_UNREACHABLE',
            `no answer from Redis within ${Math.round(waitMs / 1000)} s (${redis.lastError ?? 'no connection'})`,
            safeUrl(url),
          ),
        ),
      waitMs,
    );
  });
  try {
    await Promise.race([redis.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
