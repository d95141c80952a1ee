/**
 * A fixed number of slots for tasks in flight: `take` waits for a free one, `track` frees it when the
 * task settles, `drain` waits for all and rethrows the first failure. Costs O(1) per task, where racing
 * every task in flight against the others (Promise.race over a set) costs O(slots) and leaves a
 * reaction on each long-lived promise per race: measurable on a batch thread handing out 1,000 charts/s.
 */
export class Slots {
  private busy = 0;
  private failure: { error: unknown } | undefined;
  private freed: (() => void) | undefined;
  private idle: (() => void) | undefined;

  constructor(private readonly size: number) {}

  /** Resolves when a slot is free; rejects with the first failure of a tracked task. */
  async take(): Promise<void> {
    while (this.busy >= this.size && this.failure === undefined) await new Promise<void>((r) => (this.freed = r));
    if (this.failure !== undefined) throw this.failure.error;
  }

  track(task: Promise<unknown>): void {
    this.busy++;
    task.then(
      () => this.release(),
      (error: unknown) => {
        this.failure ??= { error };
        this.release();
      },
    );
  }

  /** Waits until no task is in flight; rethrows the first failure. */
  async drain(): Promise<void> {
    while (this.busy > 0) await new Promise<void>((r) => (this.idle = r));
    if (this.failure !== undefined) throw this.failure.error;
  }

  private release(): void {
    this.busy--;
    const freed = this.freed;
    this.freed = undefined;
    freed?.();
    if (this.busy === 0) {
      const idle = this.idle;
      this.idle = undefined;
      idle?.();
    }
  }
}
