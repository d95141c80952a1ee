/**
 * Shared tables between chart worker threads (table-broker.ts, thread-tables.ts): in a real pool of two threads
 * one thread builds the lexicon and the other attaches to it (the pool's counters, not timings), and the charts
 * come out byte for byte as coded on one thread that built its own. The broker hands a build that failed or
 * whose thread died to the next thread waiting, and never leaves one waiting.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { loadPipelineConfig } from '../../src/pipeline/config.js';
import { chartProcessor, chartThreads } from '../../src/pipeline/chart-processor.js';
import { TableBroker, type TableAnswer } from '../../src/pipeline/table-broker.js';
import type { WorkerPool } from '../../src/pipeline/worker-pool.js';

const config = loadPipelineConfig('outpatient');
const charts = path.join(packageRoot, 'fixtures', 'charts');
const inputs = readdirSync(charts)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => ({ id: f, path: path.join(charts, f) }));
const groups = Array.from({ length: Math.ceil(inputs.length / 8) }, (_, k) => inputs.slice(k * 8, k * 8 + 8));

let threads: WorkerPool | undefined;
afterEach(() => threads?.close());

describe('shared tables in the worker pool', () => {
  it('one thread builds the lexicon, the other attaches to it, and the charts are coded as on one thread', async () => {
    const batch = { id: 'shared', dir: mkdtempSync(path.join(tmpdir(), 'cc-shared-')) };
    const opts = { chartTimeoutMs: 60_000, batch };
    const alone = await chartProcessor(config, { ...opts, workers: 0 });
    const want = (await Promise.all(groups.map((g) => alone.code(g)))).flat();
    threads = chartThreads(2);
    const pool = await chartProcessor(config, { ...opts, workers: 2, threads });
    // More groups than the first thread holds (two), so both threads code charts.
    const got = (await Promise.all(groups.map((g) => pool.code(g)))).flat();
    expect(groups.length).toBeGreaterThan(2);
    // The CSV lines of each chart (codes.csv and charts.csv; the rest of a coded chart holds its timings).
    const csv = (c: (typeof want)[number]) => (c.encoded as { outputs: { csv: unknown } }).outputs.csv;
    expect(got.map(csv)).toEqual(want.map(csv));
    expect(JSON.stringify(want.map(csv))).toMatch(/I48/);
    expect(threads.stats()).toMatchObject({ threadsStarted: 2, setsLoaded: 2, tablesBuilt: 1, tablesShared: 1 });
    // Another batch on the same warm threads: nothing built or handed over again.
    await Promise.all(groups.map((g) => pool.code(g)));
    expect(threads.stats()).toMatchObject({ setsLoaded: 2, tablesBuilt: 1, tablesShared: 1 });
  });
});

/** A stand-in worker that records what the broker tells it. */
const fake = () => {
  const told: TableAnswer[] = [];
  return { worker: { postMessage: (m: TableAnswer) => told.push(m) } as unknown as Worker, told };
};

describe('table broker', () => {
  it('has the first asker build, the others wait and attach, later ones attach at once', () => {
    const broker = new TableBroker();
    const [a, b, c] = [fake(), fake(), fake()];
    broker.onAsk(a.worker, { tables: 'get', ask: 1, key: 'k' });
    broker.onAsk(b.worker, { tables: 'get', ask: 7, key: 'k' });
    expect(a.told).toEqual([{ tablesFor: 1 }]); // build them
    expect(b.told).toEqual([]); // waits
    const value = { n: 1 };
    broker.onAsk(a.worker, { tables: 'put', key: 'k', value });
    expect(b.told).toEqual([{ tablesFor: 7, value }]);
    broker.onAsk(c.worker, { tables: 'get', ask: 2, key: 'k' });
    expect(c.told).toEqual([{ tablesFor: 2, value }]);
    expect([broker.built, broker.shared]).toEqual([1, 2]);
  });

  it('hands the build to the next thread waiting when the builder fails or dies, and forgets a dead waiter', () => {
    const broker = new TableBroker();
    const [a, b, c, d] = [fake(), fake(), fake(), fake()];
    for (const [w, ask] of [
      [a, 1],
      [b, 2],
      [c, 3],
      [d, 4],
    ] as const)
      broker.onAsk(w.worker, { tables: 'get', ask, key: 'k' });
    broker.onAsk(a.worker, { tables: 'failed', key: 'k' });
    expect(b.told).toEqual([{ tablesFor: 2 }]); // b builds now
    broker.gone(c.worker); // c ended while waiting
    broker.gone(b.worker); // the builder died
    expect(c.told).toEqual([]);
    expect(d.told).toEqual([{ tablesFor: 4 }]); // d builds now
    broker.onAsk(d.worker, { tables: 'put', key: 'k', value: 1 });
    expect([broker.built, broker.shared]).toEqual([1, 0]);
  });
});
