import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressReporter } from '../../src/cli/progress.js';

afterEach(() => vi.useRealTimers());

describe('progress for cron logs', () => {
  it('a heartbeat at least every interval while one slow chart runs, each record with a timestamp and the batch id; a final summary', () => {
    vi.useFakeTimers({ now: new Date('2026-12-05T01:00:00Z') });
    const stream = new PassThrough();
    let log = '';
    stream.on('data', (d: Buffer) => (log += d));
    const progress = progressReporter(stream as unknown as NodeJS.WriteStream, {
      quiet: false,
      batchId: 'night-1205',
      intervalMs: 5000,
      total: 3,
    });
    vi.advanceTimersByTime(6_000); // workers starting: no chart finished yet
    progress.update({ done: 1, total: 3, failed: 0 });
    vi.advanceTimersByTime(21_000); // no chart finishes for 21 s
    progress.finish({ charts: 3, ok: 3, failed: 0, exitCode: 0 });
    const records = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const beats = records.filter((r) => r.event === 'progress');
    expect(beats.length).toBeGreaterThanOrEqual(4);
    for (const r of records) {
      expect(r.batchId).toBe('night-1205');
      expect(typeof r.ts).toBe('string');
    }
    expect(beats[0]).toMatchObject({ done: 0, total: 3 });
    expect(beats.at(-1)).toMatchObject({ done: 1, total: 3, ts: expect.stringMatching(/^2026-12-05T01:00:2/) });
    expect(records.at(-1)).toMatchObject({ event: 'summary', charts: 3, ok: 3, failed: 0, exitCode: 0 });
  });
});
