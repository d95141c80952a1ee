/**
 * An owner-only file written in large chunks: one chart's lines are a few kilobytes, and a write call
 * per chart cost the batch thread more than everything else it does. Text waits in memory until
 * `chunkBytes` have gathered or, with `maxDelayMs`, that long has passed (the journal: a crash loses at most
 * that much finished work, which a resume codes again).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * How long finished work may wait in memory in the files a resume reads (journal, CSV parts): a kill
 * loses at most this much, which the resume codes again.
 */
export const CRASH_WINDOW_MS = 250;

export class BufferedWriter {
  private readonly out: WriteStream;
  private readonly finished: Promise<unknown>;
  private pending: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly chunkBytes: number;
  private readonly maxDelayMs: number | undefined;

  constructor(file: string, opts: { append?: boolean; chunkBytes?: number; maxDelayMs?: number } = {}) {
    this.chunkBytes = opts.chunkBytes ?? 256 * 1024;
    this.maxDelayMs = opts.maxDelayMs;
    this.out = createWriteStream(file, { flags: opts.append ? 'a' : 'w', mode: 0o600 });
    this.finished = once(this.out, 'finish');
  }

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.size += text.length;
    if (this.size >= this.chunkBytes) await this.flush();
    else if (this.maxDelayMs !== undefined) this.timer ??= setTimeout(() => void this.flush(), this.maxDelayMs);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.size = 0;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await this.finished;
  }
}
