/**
 * Progress for long runs, on stderr: a live line with rate and ETA on a terminal; otherwise (cron logs) a
 * one-line JSON record every few seconds, also while no chart finishes (one slow chart must not look like a
 * hang), each with a timestamp and the batch id, and a final summary record. Counts and rates only, never
 * chart content.
 */
import type { Progress } from '../pipeline/run-batch.js';

export interface ProgressReporter {
  update(p: Progress): void;
  /** Stops the heartbeat; `summary` (counts) ends a non-terminal log with an `event: "summary"` record. */
  finish(summary?: Record<string, number | string>): void;
}

export function progressReporter(
  stream: NodeJS.WriteStream,
  opts: { quiet: boolean; batchId: string; intervalMs?: number; total: number },
): ProgressReporter {
  if (opts.quiet) return { update() {}, finish() {} };
  const t0 = Date.now();
  const interval = opts.intervalMs ?? (stream.isTTY ? 200 : 5000);
  let last = 0;
  // The batch's size is known before the first chart: a heartbeat while workers start says 0 of N, not 0 of 0.
  let latest: Progress = { done: 0, total: opts.total, failed: 0 };
  const rate = (p: Progress) => p.done / Math.max(0.001, (Date.now() - t0) / 1000);
  const line = (p: Progress) => {
    const r = rate(p);
    const eta = r > 0 ? Math.round((p.total - p.done) / r) : 0;
    const width = 24;
    const filled = Math.round((p.done / Math.max(1, p.total)) * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} charts  ${r.toFixed(1)}/s  failed ${p.failed}  ETA ${eta}s`;
  };
  const record = (event: string, fields: Record<string, unknown>) =>
    `${JSON.stringify({ event, ts: new Date().toISOString(), batchId: opts.batchId, ...fields, elapsedSec: Math.round((Date.now() - t0) / 1000) })}\n`;
  const emit = (p: Progress) => {
    last = Date.now();
    if (stream.isTTY) stream.write(`\r${line(p)}\x1b[K`);
    else
      stream.write(
        record('progress', {
          done: p.done,
          total: p.total,
          failed: p.failed,
          chartsPerSec: Number(rate(p).toFixed(2)),
        }),
      );
  };
  // The heartbeat: a record at least every interval, whether or not a chart finished.
  const heartbeat = setInterval(() => {
    if (Date.now() - last >= interval) emit(latest);
  }, interval);
  heartbeat.unref();
  return {
    update(p) {
      latest = p;
      if (Date.now() - last >= interval) emit(p);
    },
    finish(summary) {
      clearInterval(heartbeat);
      if (stream.isTTY) stream.write(`\r${line(latest)}\x1b[K\n`);
      else if (summary) stream.write(record('summary', summary));
    },
  };
}
