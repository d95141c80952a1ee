import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Issue } from '../../src/contract/chart-record.js';
import type { ChartInput } from '../../src/ingest/list-inputs.js';
import { packageRoot } from '../../src/contract/paths.js';
import type { CodedChart } from '../../src/contract/stage.js';
import { WorkerPool, type PoolOptions } from '../../src/pipeline/worker-pool.js';

const inputs = (ids: string[]): ChartInput[] => ids.map((id) => ({ id, path: `/charts/${id}.txt` }));
const failed = (input: ChartInput, issue: Issue): CodedChart => ({ id: input.id, failed: true, encoded: issue.code });
const outcome = (charts: CodedChart[]) => charts.map((c) => `${c.id}: ${String(c.encoded)}`);

let pool: WorkerPool | undefined;
afterEach(() => pool?.close());

function scripted(opts: Partial<PoolOptions> = {}): WorkerPool {
  pool = new WorkerPool({
    workers: 2,
    filename: path.join(packageRoot, 'test', 'support', 'scripted-worker.mjs'),
    workerData: {},
    chartTimeoutMs: 300,
    heapMb: 64,
    failed,
    ...opts,
  });
  return pool;
}

describe('worker pool: only the chart at fault fails', () => {
  it('stops a chart stuck inside a stage at the limit (CHART_TIMEOUT) and codes every chart queued with it', async () => {
    const p = scripted();
    const groups = [['a1', 'a2', 'stuck', 'a4'], ['b1', 'b2'], ['c1', 'c2', 'c3'], ['d1'], ['e1', 'e2']].map((g) =>
      p.code(inputs(g)),
    );
    const results = (await Promise.all(groups)).map(outcome);
    expect(results).toEqual([
      ['a1: coded a1', 'a2: coded a2', 'stuck: CHART_TIMEOUT', 'a4: coded a4'],
      ['b1: coded b1', 'b2: coded b2'],
      ['c1: coded c1', 'c2: coded c2', 'c3: coded c3'],
      ['d1: coded d1'],
      ['e1: coded e1', 'e2: coded e2'],
    ]);
  });

  it('the limit is the chart timeout itself, not twice it: a chart busy for 4x the limit fails', async () => {
    const p = scripted();
    expect(outcome(await p.code(inputs(['slow-1200', 'after'])))).toEqual([
      'slow-1200: CHART_TIMEOUT',
      'after: coded after',
    ]);
  });

  it('a chart that fills its worker heap fails with CHART_MEMORY_LIMIT; one that kills its worker with WORKER_FAILED', async () => {
    const p = scripted({ chartTimeoutMs: 60_000 });
    const [a, b] = await Promise.all([p.code(inputs(['x1', 'hog', 'x3'])), p.code(inputs(['y1', 'crash', 'y3']))]);
    expect(outcome(a!)).toEqual(['x1: coded x1', 'hog: CHART_MEMORY_LIMIT', 'x3: coded x3']);
    expect(outcome(b!)).toEqual(['y1: coded y1', 'crash: WORKER_FAILED', 'y3: coded y3']);
  });

  it('a time limit past the range of a timer (2,000,000 s, Infinity) codes charts instead of failing them all', async () => {
    for (const chartTimeoutMs of [2_000_000_000, Infinity]) {
      const p = scripted({ chartTimeoutMs });
      expect(outcome(await p.code(inputs(['a', 'b'])))).toEqual(['a: coded a', 'b: coded b']);
      await p.close();
    }
  });
});
