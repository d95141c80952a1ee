/**
 * The coordinator's view of the workers: those that said they were alive within WORKER_GONE_MS and have not
 * refused the batch. With work out and none attached, it says so after `noticeMs` (once, with the refusals'
 * reasons when workers refused the batch), and stops the run after `waitMs` with a coded error: a batch never
 * waits silently for workers that are not coming.
 */
import type { Redis } from 'ioredis';
import { ChartcoderError } from '../contract/errors.js';
import { refusedKey, safeUrl, WORKER_GONE_MS, WORKERS } from './redis-keys.js';

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
    const [live, refused] = await Promise.all([
      this.redis.zrangebyscore(WORKERS, now - WORKER_GONE_MS, '+inf'),
      this.redis.hgetall(refusedKey(this.batchId)),
    ]);
    const attached = live.filter((w) => !(w in refused));
    if (attached.length > 0 || !hasWork) {
      if (this.told && attached.length > 0)
        this.opts.onNotice?.('QUEUE_WORKERS', `${attached.length} worker(s) attached; the batch goes on`);
      this.since = undefined;
      this.told = false;
      return undefined;
    }
    this.since ??= now;
    const reasons = [...new Set(Object.values(refused).filter((_r, i) => live.includes(Object.keys(refused)[i]!)))];
    const code = reasons.length > 0 ? 'QUEUE_VERSION_MISMATCH' : 'QUEUE_NO_WORKERS';
    const what =
      reasons.length > 0
        ? `every live worker refused the batch (${reasons.join(' | ')})`
        : `no worker is attached to ${safeUrl(this.opts.url)}: start "chartcoder worker --queue <url>" on a machine that sees the charts`;
    if (!this.told && now - this.since >= this.opts.noticeMs) {
      this.told = true;
      this.opts.onNotice?.(code, `${what}; waiting up to ${Math.round(this.opts.waitMs / 1000)} s`);
    }
    if (now - this.since > this.opts.waitMs)
      return new ChartcoderError(code, `${what}; stopped after waiting ${Math.round(this.opts.waitMs / 1000)} s`);
    return undefined;
  }
}
