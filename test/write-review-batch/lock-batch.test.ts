import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { batchPaths, lockBatch } from '../../src/batch/batch-folder.js';

// Two live processes: one whose command line says chartcoder, one that is some other program.
const sleeper = (...args: string[]) =>
  spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)', ...args], { stdio: 'ignore' });
const holder = sleeper('chartcoder-still-running');
const other = sleeper();
afterAll(() => {
  holder.kill();
  other.kill();
});

/** Resolves once `pid` runs its own command line (until exec, /proc shows the parent's). */
async function started(pid: number, marker: string): Promise<void> {
  for (let i = 0; i < 200 && !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker); i++)
    await new Promise((r) => setTimeout(r, 10));
}

/** A partial batch folder whose lock names `pid` on `host` (no lock for undefined). */
function partial(lock?: { pid: number; host: string }) {
  const out = mkdtempSync(path.join(tmpdir(), 'cc-lock-'));
  const paths = batchPaths(out, 'night');
  mkdirSync(paths.partial);
  if (lock) writeFileSync(path.join(paths.partial, 'lock.json'), JSON.stringify(lock));
  return paths;
}
const holderOf = (p: ReturnType<typeof batchPaths>) =>
  JSON.parse(readFileSync(path.join(p.partial, 'lock.json'), 'utf8'));

describe('lockBatch', () => {
  it('takes a free batch, and the lock of a process that is gone', () => {
    const free = partial();
    lockBatch(free);
    expect(holderOf(free)).toEqual({ pid: process.pid, host: hostname() });
    const dead = partial({ pid: 2 ** 22 + 12345, host: hostname() }); // above Linux's pid_max: never a live process
    lockBatch(dead);
    expect(holderOf(dead).pid).toBe(process.pid);
  });

  it('takes over a lock whose process number now belongs to another program (after a reboot)', async () => {
    await started(other.pid!, 'setTimeout');
    const reused = partial({ pid: other.pid!, host: hostname() });
    lockBatch(reused);
    expect(holderOf(reused).pid).toBe(process.pid);
  });

  it('refuses a batch a live chartcoder holds, or one held on another host', async () => {
    await started(holder.pid!, 'chartcoder-still-running');
    expect(() => lockBatch(partial({ pid: holder.pid!, host: hostname() }))).toThrow(
      `another chartcoder (process ${holder.pid}) is still writing this batch`,
    );
    expect(() => lockBatch(partial({ pid: 4242, host: 'night-box-2' }))).toThrow(
      'held by process 4242 on host night-box-2',
    );
  });
});
