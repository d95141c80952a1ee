import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { corpus } from '../support/corpus.js';
import { chartcoder, hasRedis, startRedis, TestWorker, waitFor, type TestRedis } from '../support/redis.js';

/**
 * A worker process serving batch after batch: its threads (and the sets they loaded) stay up between batches,
 * the batches stay byte-identical to local runs, and nothing of a committed batch is left on Redis.
 */
const bin = path.join(packageRoot, 'bin', 'chartcoder.js');
const scratch = (name: string) => mkdtempSync(path.join(tmpdir(), `cc-warm-${name}-`));
const read = (dir: string, id: string, file: string) => readFileSync(path.join(dir, id, file), 'utf8');

interface Detached {
  batch: string;
  jobs: number;
  threadsStarted: number;
  setsLoaded: number;
  tablesBuilt: number;
  tablesShared: number;
}
const detachedEvents = (stdout: string): Detached[] =>
  stdout
    .split('\n')
    .filter((l) => l.includes('"event":"detached"'))
    .map((l) => JSON.parse(l) as Detached);

describe.skipIf(!hasRedis)('warm queue workers (BullMQ on a real Redis)', () => {
  let input: string;
  let reference: string;
  let redis: TestRedis | undefined;
  let worker: TestWorker | undefined;

  beforeAll(() => {
    input = corpus(30);
    reference = scratch('local');
    for (const id of ['first', 'second']) {
      const local = spawnSync(process.execPath, [bin, 'run', input, '--out', reference, '--batch-id', id, '--quiet']);
      expect(local.status).toBe(0);
    }
  });
  afterEach(async () => {
    await worker?.stop();
    await redis?.stop();
  });

  it('codes two batches on the same threads, each byte-identical to a local run, and leaves no key of either', async () => {
    redis = await startRedis();
    worker = new TestWorker(['--queue', redis.url, '--concurrency', '2']);
    await worker.ready();
    const out = scratch('queue');
    for (const [n, id] of ['first', 'second'].entries()) {
      const coordinator = chartcoder([
        'run',
        input,
        '--out',
        out,
        '--batch-id',
        id,
        '--queue',
        redis.url,
        '--queue-lock',
        '1',
        '--quiet',
      ]);
      expect(await coordinator.exited).toBe(0);
      for (const file of ['codes.csv', 'charts.csv']) expect(read(out, id, file)).toBe(read(reference, id, file));
      await waitFor(() => detachedEvents(worker!.current.stdout).length > n);
    }
    const [first, second] = detachedEvents(worker.current.stdout);
    expect(first).toMatchObject({ batch: 'first', threadsStarted: 2 });
    expect(first!.setsLoaded).toBeGreaterThanOrEqual(1);
    expect(second).toMatchObject({ batch: 'second', threadsStarted: 2 });
    // At most one load per thread over both batches: the second batch was coded with the sets already loaded
    // (a thread that got no group of the first batch loads it for the second).
    expect(second!.setsLoaded).toBeLessThanOrEqual(2);
    // The lexicon was built once in the process: a thread that loaded the set after the first attached to it.
    expect(first!.tablesBuilt).toBe(1);
    expect(second).toMatchObject({ tablesBuilt: 1, tablesShared: second!.setsLoaded - 1 });
    expect(first!.jobs).toBeGreaterThan(0);
    expect(second!.jobs).toBeGreaterThan(0);
    // Nothing of either batch is left: jobs, BullMQ's markers and meta, the spec, refusals, crash counts.
    expect(redis.cli('--raw', 'keys', 'chartcoder:batch-*')).toBe('');
    expect(redis.cli('--raw', 'keys', 'chartcoder:run:*')).toBe('');
    expect(redis.cli('--raw', 'smembers', 'chartcoder:batches')).toBe('');
  });
});
