/**
 * Writes items in index order whatever order they arrive in, one write at a time. Items that arrive
 * early wait in a buffer; `room(max)` lets the producer wait while the buffer is full, so memory stays
 * bounded when one slow chart holds the line.
 */
export class OrderedWriter<T> {
  private readonly ready = new Map<number, T>();
  private next = 0;
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown;
  private waiters: (() => void)[] = [];

  constructor(private readonly write: (item: T) => Promise<void>) {}

  get buffered(): number {
    return this.ready.size;
  }

  push(index: number, item: T): void {
    this.ready.set(index, item);
    this.writing = this.writing.then(() => this.drain());
  }

  /** Resolves once fewer than `max` items wait (or a write failed, which `flush` reports). */
  async room(max: number): Promise<void> {
    while (this.ready.size >= max && this.failure === undefined) await new Promise<void>((r) => this.waiters.push(r));
  }

  /** Waits for every pushed item that can be written; rethrows the first write error. */
  async flush(): Promise<void> {
    await this.writing;
    if (this.failure !== undefined) throw this.failure;
  }

  private async drain(): Promise<void> {
    while (this.failure === undefined && this.ready.has(this.next)) {
      const item = this.ready.get(this.next)!;
      this.ready.delete(this.next);
      this.next++;
      try {
        await this.write(item);
      } catch (e) {
        this.failure = e;
      }
      for (const w of this.waiters.splice(0)) w();
    }
  }
}
