/**
 * The queue case of the bench: the same batch coded by a local 2-worker run and by a coordinator with 2 worker
 * processes on this machine (one thread each) through a Redis queue, back to back, `rounds` times. The workers
 * stay up between rounds, as warm workers do between nightly batches. Reports the ratio of rates and the queue's
 * overhead per chart (the extra wall time over the local run, enqueue to result). Needs Debian's redis-server.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../contract/paths.js';
import { hasRedisServer, startLocalRedis } from '../queue/local-redis.js';
import { writeCorpus } from './corpus.js';

const bin = path.join(packageRoot, 'bin', 'chartcoder.js');

async function until(test: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !test(); i++) await new Promise((r) => setTimeout(r, 50));
}

/** Seconds the batch took, from its manifest. */
function timedRun(work: string, dir: string, batchId: string, extra: string[]): number {
  const out = path.join(work, 'queue-bench-out');
  execFileSync(process.execPath, [bin, 'run', dir, '--out', out, '--batch-id', batchId, '--quiet', ...extra]);
  const m = JSON.parse(readFileSync(path.join(out, batchId, 'manifest.json'), 'utf8'));
  rmSync(path.join(out, batchId), { recursive: true, force: true });
  return m.durationMs / 1000;
}

export async function queueBench(work: string, texts: string[], charts: number, rounds: number): Promise<string[]> {
  if (!hasRedisServer()) return ['queue: skipped (no redis-server; apt-get install redis-server)'];
  const redis = await startLocalRedis();
  const url = redis.url;
  const workers: ChildProcess[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const w = spawn(process.execPath, [bin, 'worker', '--queue', url, '--concurrency', '1'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let said = '';
      w.stdout!.on('data', (d: Buffer) => (said += d));
      await until(() => said.includes('"event":"ready"'));
      workers.push(w);
    }
    const dir = path.join(work, `queue-${charts}`);
    writeCorpus(dir, texts, charts);
    const lines: string[] = [];
    for (let r = 0; r < rounds; r++) {
      const local = timedRun(work, dir, `local-${r}`, ['--workers', '2']);
      const queued = timedRun(work, dir, `queue-${r}`, ['--queue', url]);
      lines.push(
        `queue, ${charts} text charts, round ${r + 1}${r === 0 ? ' (workers cold)' : ' (workers warm)'}: local 2 workers ${(charts / local).toFixed(0)} charts/s, ` +
          `coordinator + 2 worker processes ${(charts / queued).toFixed(0)} charts/s, ratio ${(local / queued).toFixed(2)}x, ` +
          `queue overhead ${(((queued - local) / charts) * 1000).toFixed(3)} ms/chart`,
      );
    }
    rmSync(dir, { recursive: true, force: true });
    return lines;
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(0) : w.once('exit', r)))));
    await redis.stop();
  }
}
