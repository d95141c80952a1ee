/**
 * An owner-only file written in large chunks: one chart's lines are a few kilobytes, and a write call
 * per chart cost the batch thread more than everything else it does. Text waits in memory until
 * `chunkBytes` have gathered or, with `maxDelayMs`, that long has passed; then it is written and, with
 * `maxDelayMs` (the files a resume reads), synced to the disk, so a crash or a power cut loses at most
 * that much finished work, which a resume codes again. A failed write (a full disk) is a coded
 * OUTPUT_NOT_WRITABLE error from the next call, never an unhandled stream error.
 */
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ChartcoderError } from '../contract/errors.js';
import { faultTarget } from '../batch/test-faults.js';

export class BufferedWriter {
  private readonly handle: Promise<FileHandle>;
  private pending: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private unsynced = false;
  private chain: Promise<void> = Promise.resolve();
  private failure: ChartcoderError | undefined;
  private readonly chunkBytes: number;
  private readonly maxDelayMs: number | undefined;

  constructor(
    private readonly file: string,
    opts: { append?: boolean; chunkBytes?: number; maxDelayMs?: number } = {},
  ) {
    this.chunkBytes = opts.chunkBytes ?? 256 * 1024;
    this.maxDelayMs = opts.maxDelayMs;
    this.handle = open(faultTarget(file), opts.append ? 'a' : 'w', 0o600);
    this.handle.catch((e: unknown) => this.fail(e));
  }

  async write(text: string): Promise<void> {
    this.check();
    this.pending.push(text);
    this.size += text.length;
    if (this.size >= this.chunkBytes) await this.flush(false);
    if (this.maxDelayMs !== undefined)
      this.timer ??= setTimeout(() => void this.flush(true).catch(() => undefined), this.maxDelayMs);
  }

  /** Writes what waits in memory; `sync` (the default for files a resume reads): and to the disk. */
  async flush(sync = this.maxDelayMs !== undefined): Promise<void> {
    if (sync) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const chunk = this.pending.join('');
    this.pending = [];
    this.size = 0;
    if (chunk.length > 0) this.unsynced = true;
    const syncNow = sync && this.unsynced;
    if (syncNow) this.unsynced = false;
    if (chunk.length === 0 && !syncNow) return this.check();
    this.chain = this.chain.then(async () => {
      if (this.failure) return;
      try {
        const fh = await this.handle;
        if (chunk.length > 0) await fh.writeFile(chunk); // loops over short writes, unlike write
        if (syncNow) await fh.datasync();
      } catch (e) {
        this.fail(e);
      }
    });
    await this.chain;
    this.check();
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      clearTimeout(this.timer);
      await (await this.handle.catch(() => undefined))?.close().catch(() => undefined);
    }
  }

  private fail(e: unknown): void {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'ENOSPC' ? 'the disk is full' : `a write failed (${code})`;
    this.failure ??= new ChartcoderError(
      'OUTPUT_NOT_WRITABLE',
      `cannot write ${path.basename(this.file)}: ${why}`,
      path.dirname(this.file),
    );
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}
