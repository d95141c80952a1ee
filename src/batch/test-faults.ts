/**
 * Faults injected by the test suite, so tests can prove what a crash at an exact point, or a full disk,
 * leaves behind without strace or a small file system. Read from `CHARTCODER_TEST_FAULT` only; unset in
 * any real run, where every function here is a no-op.
 *   crash:<point>     the process kills itself (SIGKILL, as a power cut would stop it) at that point
 *   full-disk:<file>  writes to files of that name go to /dev/full (ENOSPC)
 *   crash-chart:<id>  the process coding chart <id> kills itself as it starts that chart (a chart that kills workers)
 *   slow-chart:<ms>   each chart waits this long before it is coded (so a test can act while a batch is mid-run)
 *   crash-after:<n>   once n charts are written and journaled, the batch files are closed as they stand and the
 *                     process kills itself (SIGKILL): exactly n charts are on the disk, with no test waiting on time
 *   signal-after:<n>:<SIGNAL>  once n charts are written, the process sends itself SIGTERM or SIGINT, as an operator would
 */
import { CRASH_WINDOW_MS } from './crash-window.js';
const spec = process.env.CHARTCODER_TEST_FAULT ?? '';

/** Stops the process dead if the test suite asked for a crash at `point`. */
export function crashPoint(point: string): void {
  if (spec === `crash:${point}`) process.kill(process.pid, 'SIGKILL');
}

/** Where a write to `file` goes: /dev/full when the test suite simulates a full disk for it. */
export function faultTarget(file: string): string {
  return spec.startsWith('full-disk:') && file.endsWith(`/${spec.slice('full-disk:'.length)}`) ? '/dev/full' : file;
}

/** Called as a chart starts being coded (in a worker thread or on the calling thread). */
export function chartStarting(id: string): void {
  if (spec === `crash-chart:${id}`) process.kill(process.pid, 'SIGKILL');
  if (spec.startsWith('slow-chart:'))
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(spec.slice('slow-chart:'.length)));
}

/**
 * Called by the batch writer after each chart it wrote and journaled in this run (`written`: how many so far);
 * `abandon` closes the batch files as they stand.
 */
export async function chartWritten(written: number, abandon: () => Promise<void>): Promise<void> {
  if (spec === `crash-after:${written}`) {
    await abandon();
    process.kill(process.pid, 'SIGKILL');
  }
  const signal = /^signal-after:(\d+):(SIGTERM|SIGINT)$/.exec(spec);
  if (signal && Number(signal[1]) === written) {
    // The batch files flush on timers of CRASH_WINDOW_MS set before this one: they fire first, so the journal holds
    // the charts written so far when the signal comes, as it would for an operator stopping a run past its start.
    await new Promise((r) => setTimeout(r, 2 * CRASH_WINDOW_MS));
    process.kill(process.pid, signal[2] as NodeJS.Signals);
  }
}
