/**
 * The coordinator's view of the workers: those that said they were alive within WORKER_GONE_MS and have not
 * refused the batch. When every live worker refused it (other versions), the run stops at once with
 * QUEUE_VERSION_MISMATCH and their reasons. With work out and no worker at all, it says so after `noticeMs`
 * (once) and stops the run after `waitMs` with QUEUE_NO_WORKERS: a batch never waits silently for workers that
 * are not coming. Both stops are resumable.
 */
import type { Redis } from 'ioredis';
import { ChartcoderError } from '../contract/errors.js';
import { attachedKey, refusedKey, safeUrl, WORKER_GONE_MS, WORKERS } from './redis-keys.js';

export interface WatchOptions {
  noticeMs: number;
  waitMs: number;
  url: string;
  onNotice?: (code: string, message: string) => void;
}

export class WorkerWatch {
  private since: number | undefined;
  private told = false;

  constructor(
    private readonly redis: Redis,
    private readonly batchId: string,
    private readonly opts: WatchOptions,
  ) {}

  /** The error to stop the run with, if any. */
  async check(hasWork: boolean): Promise<ChartcoderError | undefined> {
    const now = Date.now();
    const [live, refused, attached] = await Promise.all([
      this.redis.zrangebyscore(WORKERS, now - WORKER_GONE_MS, '+inf'),
      this.redis.hgetall(refusedKey(this.batchId)),
      this.redis.hgetall(attachedKey(this.batchId)),
    ]);
    // A live worker that has not refused is coming (it may still be loading the batch's sets): no stop for it.
    const coming = live.filter((w) => !(w in refused));
    if (coming.length > 0 || !hasWork) {
      this.since = undefined;
      if (!this.told || !hasWork) this.told = false;
      else {
        // Said only once workers really attached, and counting those (not every live worker on the queue).
        const n = coming.filter((w) => w in attached).length;
        if (n > 0) {
          this.opts.onNotice?.('QUEUE_WORKERS', `${n} worker(s) attached; the batch goes on`);
          this.told = false;
        }
      }
      return undefined;
    }
    this.since ??= now;
    const reasons = [...new Set(live.filter((w) => w in refused).map((w) => refused[w]!))];
    // Every worker there refused: none is coming to code it with these versions; waiting would only delay that.
    if (live.length > 0 && reasons.length > 0)
      return new ChartcoderError(
        'QUEUE_VERSION_MISMATCH',
        `every live worker (${live.length}) refused the batch: ${reasons.join(' | ')}; fix the versions, then resume`,
      );
    const code = 'QUEUE_NO_WORKERS';
    const what = `no worker is attached to ${safeUrl(this.opts.url)}: start "chartcoder worker --queue <url>" on a machine that sees the charts`;
    if (!this.told && now - this.since >= this.opts.noticeMs) {
      this.told = true;
      this.opts.onNotice?.(code, `${what}; waiting up to ${Math.round(this.opts.waitMs / 1000)} s`);
    }
    if (now - this.since > this.opts.waitMs)
      return new ChartcoderError(code, `${what}; stopped after waiting ${Math.round(this.opts.waitMs / 1000)} s`);
    return undefined;
  }
}
