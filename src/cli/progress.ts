/**
 * Progress for long runs, on stderr: a live line with rate and ETA on a terminal, a one-line JSON
 * record every few seconds otherwise (cron logs). Counts and rates only, never chart content.
 */
import type { Progress } from '../pipeline/run-batch.js';

export interface ProgressReporter {
  update(p: Progress): void;
  finish(): void;
}

export function progressReporter(stream: NodeJS.WriteStream, opts: { quiet: boolean; intervalMs?: number }): ProgressReporter {
  if (opts.quiet) return { update() {}, finish() {} };
  const t0 = Date.now();
  const interval = opts.intervalMs ?? (stream.isTTY ? 200 : 5000);
  let last = 0;
  let latest: Progress | undefined;
  const rate = (p: Progress) => p.done / Math.max(0.001, (Date.now() - t0) / 1000);
  const line = (p: Progress) => {
    const r = rate(p);
    const eta = r > 0 ? Math.round((p.total - p.done) / r) : 0;
    const width = 24;
    const filled = Math.round((p.done / Math.max(1, p.total)) * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} charts  ${r.toFixed(1)}/s  failed ${p.failed}  ETA ${eta}s`;
  };
  const emit = (p: Progress) => {
    if (stream.isTTY) stream.write(`\r${line(p)}\x1b[K`);
    else stream.write(`${JSON.stringify({ event: 'progress', done: p.done, total: p.total, failed: p.failed, chartsPerSec: Number(rate(p).toFixed(2)), elapsedSec: Math.round((Date.now() - t0) / 1000) })}\n`);
  };
  return {
    update(p) {
      latest = p;
      const now = Date.now();
      if (now - last >= interval) {
        last = now;
        emit(p);
      }
    },
    finish() {
      if (latest && stream.isTTY) stream.write(`\r${line(latest)}\x1b[K\n`);
    },
  };
}
