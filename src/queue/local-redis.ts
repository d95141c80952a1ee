/**
 * A redis-server on this machine for the bench and the tests (Debian's package): a free loopback port, no
 * persistence (a restart comes back empty, as a crashed Redis without AOF does), stopped by its PID. Never
 * used by a run: operators point `--queue` at their own Redis.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const hasRedisServer = (): boolean => spawnSync('redis-server', ['--version']).status === 0;

export interface LocalRedis {
  url: string;
  port: number;
  /** Runs a redis-cli command, returns its output. */
  cli(...args: string[]): string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

export async function startLocalRedis(): Promise<LocalRedis> {
  const port = await freePort();
  let proc: ChildProcess | undefined;
  const r: LocalRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    cli: (...args) => spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout.trim(),
    async start() {
      proc = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      for (let i = 0; i < 200 && r.cli('ping') !== 'PONG'; i++) await new Promise((done) => setTimeout(done, 50));
    },
    async stop() {
      const p = proc;
      if (!p || p.exitCode !== null || p.signalCode !== null) return;
      p.kill('SIGTERM');
      await new Promise((done) => p.once('exit', done));
    },
  };
  await r.start();
  return r;
}
