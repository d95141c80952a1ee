/**
 * A real redis-server for the queue tests (Debian's package; .ci/run installs it; see src/queue/local-redis).
 * Also the chartcoder processes those tests drive: workers (restarted when they die, as systemd would) and
 * coordinators, with their output kept for the assertions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from '../../src/contract/paths.js';
import { hasRedisServer, startLocalRedis, type LocalRedis } from '../../src/queue/local-redis.js';

export const hasRedis = hasRedisServer();
export type TestRedis = LocalRedis;
export const startRedis = startLocalRedis;
const bin = path.join(packageRoot, 'bin', 'chartcoder.js');

export async function waitFor(test: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Proc {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
}

export function chartcoder(args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const p: Proc = { child, stdout: '', stderr: '', exited: new Promise((r) => child.once('exit', (code) => r(code))) };
  child.stdout!.on('data', (d: Buffer) => (p.stdout += d));
  child.stderr!.on('data', (d: Buffer) => (p.stderr += d));
  return p;
}

/** A worker process, started again each time it dies (up to `restarts` times); `stop` ends it for good. */
export class TestWorker {
  starts: Proc[] = [];
  private stopped = false;

  constructor(
    private readonly args: string[],
    private readonly env: Record<string, string> = {},
    private readonly restarts = 0,
  ) {
    this.spawn();
  }

  get current(): Proc {
    return this.starts.at(-1)!;
  }

  async ready(): Promise<void> {
    await waitFor(() => this.current.stdout.includes('"event":"ready"'));
  }

  private spawn(): void {
    const p = chartcoder(['worker', ...this.args], this.env);
    this.starts.push(p);
    void p.exited.then(() => {
      if (!this.stopped && this.starts.length <= this.restarts) this.spawn();
    });
  }

  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    this.stopped = true;
    const p = this.current;
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
    return p.exited;
  }
}
