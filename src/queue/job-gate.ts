/**
 * Shared or alone: ordinary jobs run side by side in a worker process; a job that was running when a worker
 * process died runs alone, so that if the process dies again the chart it was on is the only chart in flight,
 * and is known. A waiting `alone` job holds back new shared ones (it is never starved).
 */
export class JobGate {
  private shared = 0;
  private alone = false;
  private wantAlone = 0;
  private waiters: (() => void)[] = [];

  async run<T>(alone: boolean, job: () => Promise<T>): Promise<T> {
    if (alone) this.wantAlone++;
    while (alone ? this.alone || this.shared > 0 : this.alone || this.wantAlone > 0)
      await new Promise<void>((r) => this.waiters.push(r));
    if (alone) {
      this.wantAlone--;
      this.alone = true;
    } else this.shared++;
    try {
      return await job();
    } finally {
      if (alone) this.alone = false;
      else this.shared--;
      for (const w of this.waiters.splice(0)) w();
    }
  }
}
