/**
 * The queue's targets, measured in one run on this machine (ratios travel better than rates on a shared
 * machine): two worker processes (one thread each) stay up through every batch, as warm workers do between
 * nightly batches, after one warm-up batch. Figures: coordinator + 2 worker processes against a local 2-worker
 * run of the same charts, the queue's overhead per chart, a 5,000-chart batch against the large one on the warm
 * workers, and the large batch again with one worker process (the other stopped). Each line carries the load
 * average when it was measured, and each rate the CPU time per chart of every process of the run (coordinator
 * and workers): on a shared machine, where Linux's autogroup gives this session's processes one share of the
 * cores however many threads they run, wall-time ratios of 2 workers to 1 mean little; CPU per chart does not
 * depend on the load. Needs Debian's redis-server.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { packageRoot } from '../contract/paths.js';
import { hasRedisServer, startLocalRedis } from '../queue/local-redis.js';

const bin = path.join(packageRoot, 'bin', 'chartcoder.js');
export const load = (): string => `load ${loadavg()[0]!.toFixed(1)}`;

async function until(test: () => boolean): Promise<void> {
  for (let i = 0; i < 1200 && !test(); i++) await new Promise((r) => setTimeout(r, 50));
}

export interface Timed {
  s: number;
  rssMb: number;
  /** CPU time of the run (threads included) and of the worker processes during it: load-independent. */
  cpuMs: number;
}

/** CPU time (user + system, every thread) a process has used so far, from /proc (Linux; 0 elsewhere). */
function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms (CLK_TCK 100)
  } catch {
    return 0;
  }
}

/** A CLI run of `dir` (its manifest's duration and peak RSS); the batch folder is removed after. */
export function timedRun(work: string, dir: string, batchId: string, extra: string[], workers: number[] = []): Timed {
  const out = path.join(work, 'queue-bench-out');
  const cpu0 = workers.reduce((t, pid) => t + processCpuMs(pid), 0);
  execFileSync(process.execPath, [bin, 'run', dir, '--out', out, '--batch-id', batchId, '--quiet', ...extra]);
  const cpu = workers.reduce((t, pid) => t + processCpuMs(pid), 0) - cpu0;
  const m = JSON.parse(readFileSync(path.join(out, batchId, 'manifest.json'), 'utf8'));
  rmSync(path.join(out, batchId), { recursive: true, force: true });
  return { s: m.durationMs / 1000, rssMb: m.peakRssMb, cpuMs: m.cpuMs + cpu };
}

export interface QueueCorpus {
  label: string;
  /** The large batch, and the small one (5,000 charts) when the target names it. */
  large: { dir: string; charts: number };
  small?: { dir: string; charts: number };
  /** A warm-up batch for the workers' first set load and JIT. */
  warmUp: string;
  /** Extra `run` arguments (a code store). */
  extra?: string[];
  /** Pages per chart (a PDF corpus): rates in pages/s too. */
  pagesPerChart?: number;
}

export async function queueBench(work: string, c: QueueCorpus): Promise<string[]> {
  if (!hasRedisServer()) return ['queue: skipped (no redis-server; apt-get install redis-server)'];
  const redis = await startLocalRedis();
  const workers: ChildProcess[] = [];
  const extra = c.extra ?? [];
  const q = ['--queue', redis.url, ...extra];
  const n = c.large.charts;
  const rate = (charts: number, t: Timed) =>
    `${(charts / t.s).toFixed(1)} charts/s` +
    (c.pagesPerChart ? ` (${((charts * c.pagesPerChart) / t.s).toFixed(0)} pages/s)` : '') +
    ` [${(t.cpuMs / charts).toFixed(2)} CPU ms/chart]`;
  const pids = () => workers.map((w) => w.pid!);
  try {
    for (let i = 0; i < 2; i++) workers.push(await startWorker(redis.url));
    timedRun(work, c.warmUp, 'warm-up', q);
    const lines: string[] = [];
    const local = timedRun(work, c.large.dir, 'local', ['--workers', '2', ...extra]);
    const queued = timedRun(work, c.large.dir, 'queued', q, pids());
    lines.push(
      `queue, ${c.label}, ${n} charts: local 2 workers ${rate(n, local)}, coordinator + 2 warm worker processes ` +
        `${rate(n, queued)}: ${(local.s / queued.s).toFixed(2)}x; queue overhead ${(((queued.s - local.s) / n) * 1000).toFixed(2)} ms/chart wall, ` +
        `${((queued.cpuMs - local.cpuMs) / n).toFixed(2)} CPU ms/chart (${load()})`,
    );
    if (c.small) {
      const small = timedRun(work, c.small.dir, 'small', q, pids());
      const big = timedRun(work, c.large.dir, 'queued-again', q, pids());
      const ratio = c.small.charts / small.s / (n / big.s);
      const cpuRatio = big.cpuMs / n / (small.cpuMs / c.small.charts);
      lines.push(
        `queue, ${c.label}, warm workers: ${c.small.charts} charts ${rate(c.small.charts, small)} vs ${n} charts ${rate(n, big)}: ${(ratio * 100).toFixed(0)}% of the rate, ${(cpuRatio * 100).toFixed(0)}% by CPU per chart (${load()})`,
      );
    }
    const two = timedRun(work, c.large.dir, 'two', q, pids());
    await stopWorker(workers.pop()!);
    const one = timedRun(work, c.large.dir, 'one', q, pids());
    lines.push(
      `queue, ${c.label}, ${n} charts, warm: 2 worker processes ${rate(n, two)} vs 1 ${rate(n, one)}: ${(one.s / two.s).toFixed(2)}x (${load()})`,
    );
    return lines;
  } finally {
    await Promise.all(workers.map(stopWorker));
    await redis.stop();
  }
}

async function startWorker(url: string): Promise<ChildProcess> {
  const w = spawn(process.execPath, [bin, 'worker', '--queue', url, '--concurrency', '1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let said = '';
  w.stdout!.on('data', (d: Buffer) => (said += d));
  await until(() => said.includes('"event":"ready"'));
  return w;
}

async function stopWorker(w: ChildProcess): Promise<void> {
  if (w.exitCode !== null) return;
  const exited = new Promise((r) => w.once('exit', r));
  w.kill('SIGTERM');
  await exited;
}
