import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { corpus } from '../support/corpus.js';
import { encounterManifest } from '../support/encounters.js';
import { chartcoder, hasRedis, startRedis, TestWorker, waitFor, type TestRedis } from '../support/redis.js';

/**
 * Queue runs against a real redis-server: what a batch coded through the queue holds (byte-identical to a local
 * run with the same batch id), and what each fault leaves (a worker, the coordinator or Redis killed mid-run, a
 * chart that kills workers, no worker at all). Outcomes only: files, exit codes, error codes.
 */
const bin = path.join(packageRoot, 'bin', 'chartcoder.js');
const ID = 'night';
const read = (dir: string, file: string) => readFileSync(path.join(dir, ID, file), 'utf8');
const scratch = (name: string) => mkdtempSync(path.join(tmpdir(), `cc-queue-${name}-`));
const journalHasRows = (out: string) => {
  const journal = path.join(out, `.${ID}.partial`, 'journal.jsonl');
  return existsSync(journal) && statSync(journal).size > 0;
};

describe.skipIf(!hasRedis)('queue runs (BullMQ on a real Redis)', () => {
  let input: string;
  let reference: string;
  let redis: TestRedis;
  const workers: TestWorker[] = [];
  const worker = (args: string[] = [], env: Record<string, string> = {}, restarts = 0) => {
    const w = new TestWorker(['--queue', redis.url, '--concurrency', '2', ...args], env, restarts);
    workers.push(w);
    return w;
  };
  const run = (out: string, args: string[] = []) =>
    chartcoder(['run', input, '--out', out, '--batch-id', ID, '--queue', redis.url, '--queue-lock', '1', ...args]);
  /** A run whose worker codes each chart slowly, returned once it has written some charts. */
  const midRun = async (name: string, args: string[]) => {
    redis = await startRedis();
    worker([], { CHARTCODER_TEST_FAULT: 'slow-chart:50' });
    const out = scratch(name);
    const coordinator = run(out, args);
    await waitFor(() => journalHasRows(out));
    return { out, coordinator };
  };
  const resume = (out: string) => chartcoder(['run', '--resume', ID, '--out', out, '--queue', redis.url, '--quiet']);
  const expectAsReference = (out: string) => {
    expect(read(out, 'codes.csv')).toBe(read(reference, 'codes.csv'));
    expect(read(out, 'charts.csv')).toBe(read(reference, 'charts.csv'));
  };

  beforeAll(() => {
    input = corpus(40);
    reference = scratch('local');
    const local = spawnSync(
      process.execPath,
      [bin, 'run', input, '--out', reference, '--batch-id', ID, '--workers', '2', '--quiet'],
      { encoding: 'utf8' },
    );
    expect(local.status).toBe(0);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await redis?.stop();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('codes a batch byte-identical to a local run, removes its keys at commit; a worker drains on SIGTERM', async () => {
    redis = await startRedis();
    const w = worker();
    await w.ready();
    const out = scratch('plain');
    const coordinator = run(out, ['--quiet']);
    expect(await coordinator.exited).toBe(0);
    expectAsReference(out);
    expect(await w.stop('SIGTERM')).toBe(0);
    // The batch's jobs, results, spec, refusals and crash counts are gone (BullMQ's own queue markers may remain).
    expect(redis.cli('--raw', 'keys', 'chartcoder:run:*')).toBe('');
    expect(redis.cli('--raw', 'keys', `chartcoder:batch-${ID}:g*`)).toBe('');
    expect(redis.cli('--raw', 'smembers', 'chartcoder:batches')).toBe('');
    expect(w.current.stdout).toContain('"event":"stopped"');
    expect(redis.cli('zcard', 'chartcoder:workers')).toBe('0');
  });

  it('codes a batch of encounters byte-identical to a local run, each encounter in one job', async () => {
    const { manifest } = encounterManifest(60);
    const args = ['run', '--manifest', manifest, '--batch-id', ID, '--format', 'csv,jsonl,fhir', '--quiet'];
    const local = scratch('enc-local');
    expect(spawnSync(process.execPath, [bin, ...args, '--out', local, '--workers', '2']).status).toBe(2);
    redis = await startRedis();
    const w = worker();
    await w.ready();
    const out = scratch('enc-queue');
    const coordinator = chartcoder([...args, '--out', out, '--queue', redis.url, '--queue-lock', '1']);
    expect(await coordinator.exited).toBe(2); // an unreadable PDF and two disagreeing documents, as locally
    for (const f of ['codes.csv', 'charts.csv', 'codes.jsonl', 'fhir/e0001.json'])
      expect(read(out, f), f).toBe(read(local, f));
    expect(read(out, 'charts.csv')).toContain('ENCOUNTER_DOCUMENT_FAILED');
  });

  it('kill -9 of a worker mid-job: another worker takes its jobs, nothing lost or doubled', async () => {
    redis = await startRedis();
    const first = worker([], { CHARTCODER_TEST_FAULT: 'slow-chart:100' });
    await first.ready();
    const out = scratch('worker-killed');
    const coordinator = run(out, ['--quiet']);
    await waitFor(() => Number(redis.cli('llen', `chartcoder:batch-${ID}:active`)) > 0);
    await first.stop('SIGKILL');
    worker();
    expect(await coordinator.exited).toBe(0);
    expectAsReference(out);
  });

  it('a chart that kills its worker process fails with CHART_WORKER_CRASH after --chart-attempts; the batch goes on', async () => {
    redis = await startRedis();
    worker([], { CHARTCODER_TEST_FAULT: 'crash-chart:c0005' }, 6);
    const out = scratch('crasher');
    const coordinator = run(out, ['--quiet', '--chart-attempts', '2']);
    expect(await coordinator.exited).toBe(2);
    const charts = read(out, 'charts.csv').trim().split('\n');
    expect(charts).toHaveLength(41);
    const failed = charts.filter((l) => l.includes('CHART_WORKER_CRASH'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(new RegExp(`^${ID},c0005,`));
    const others = (csv: string) =>
      csv
        .split('\n')
        .filter((l) => !l.startsWith(`${ID},c0005,`))
        .join('\n');
    expect(others(read(out, 'codes.csv'))).toBe(others(read(reference, 'codes.csv')));
  });

  it('says so when no worker is attached, stops at once (resumable) when every worker refuses the versions, and resumes', async () => {
    redis = await startRedis();
    const dir = scratch('pipeline');
    const config = path.join(dir, 'outpatient.json');
    copyFileSync(path.join(packageRoot, 'pipelines', 'outpatient.json'), config);
    const original = readFileSync(config, 'utf8');
    const out = scratch('no-worker');
    // Waiting for workers as long as the test's own time limit: only the refusals can end this run in time.
    const coordinator = run(out, ['--pipeline', config, '--worker-wait', '600']);
    await waitFor(() => coordinator.stderr.includes('QUEUE_NO_WORKERS'));
    // The rules changed on the workers' side since the batch started: the worker must not code it.
    writeFileSync(config, original.replace('"description": "', '"description": "edited: '));
    const refusing = worker();
    expect(await coordinator.exited).toBe(3);
    expect(coordinator.stderr).toContain('QUEUE_VERSION_MISMATCH');
    expect(coordinator.stderr).toMatch(
      /every live worker \(\d\) refused the batch: .*the pipeline config or its rules/,
    );
    expect(coordinator.stderr).not.toContain('stopped after waiting');
    expect(coordinator.stderr).toContain(`chartcoder run --resume ${ID}`);
    expect(refusing.current.stdout).toContain('"event":"refused"');
    await refusing.stop();

    writeFileSync(config, original);
    const resumed = resume(out);
    await waitFor(() => resumed.stderr.includes('QUEUE_NO_WORKERS'));
    // Slow charts: the batch outlasts the coordinator's next look at the workers.
    worker([], { CHARTCODER_TEST_FAULT: 'slow-chart:200' });
    expect(await resumed.exited).toBe(0);
    // Counted among the workers that attached to the batch, said once they have.
    expect(resumed.stderr).toContain('QUEUE_WORKERS: 1 worker(s) attached; the batch goes on');
    expectAsReference(out);
  });

  it('kill -9 of the coordinator: --resume re-attaches to the queue and finishes, each chart once', async () => {
    const { out, coordinator } = await midRun('coordinator-killed', ['--quiet']);
    coordinator.child.kill('SIGKILL');
    await coordinator.exited;
    const resumed = resume(out);
    expect(await resumed.exited).toBe(0);
    expectAsReference(out);
  });

  it('Redis restarting empty mid-run: the coordinator waits, publishes the batch again and finishes', async () => {
    const { out, coordinator } = await midRun('redis-restart', []);
    await redis.stop();
    await waitFor(() => coordinator.stderr.includes('QUEUE_UNREACHABLE'));
    await redis.start();
    expect(await coordinator.exited).toBe(0);
    expectAsReference(out);
  });
});
