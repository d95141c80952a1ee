import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { corpus } from '../support/corpus.js';

const bin = path.join(packageRoot, 'bin', 'chartcoder.js');
const chartcoder = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('nightly operations', () => {
  it('resumes after kill -9 and ends byte-identical to an uninterrupted run; a second resume does nothing', async () => {
    const input = corpus(600);
    const straight = mkdtempSync(path.join(tmpdir(), 'cc-straight-'));
    expect(chartcoder(['run', input, '--out', straight, '--batch-id', 'night', '--quiet']).status).toBe(0);

    const out = mkdtempSync(path.join(tmpdir(), 'cc-killed-'));
    const child = spawn(
      process.execPath,
      [bin, 'run', input, '--out', out, '--batch-id', 'night', '--quiet', '--workers', '1', '-j', '1'],
      // Killed (SIGKILL) once 150 charts are on the disk: an exact point, no waiting on time.
      { stdio: 'ignore', env: { ...process.env, CHARTCODER_TEST_FAULT: 'crash-after:150' } },
    );
    expect(await new Promise((r) => child.on('exit', (_c, s) => r(s)))).toBe('SIGKILL');
    expect(existsSync(path.join(out, 'night'))).toBe(false); // no half batch visible

    // A resume started while a live process still holds the batch is refused; the killed run's lock is taken over.
    const lock = path.join(out, '.night.partial', 'lock.json');
    const killedLock = readFileSync(lock, 'utf8');
    expect(JSON.parse(killedLock).pid).toBe(child.pid);
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)', 'chartcoder-still-running'], {
      stdio: 'ignore',
    });
    writeFileSync(lock, JSON.stringify({ pid: holder.pid, host: hostname() }));
    const busy = chartcoder(['run', '--resume', 'night', '--out', out, '--quiet']);
    holder.kill();
    expect(busy.status).toBe(1);
    expect(busy.stderr).toContain(`another chartcoder (process ${holder.pid}) is still writing this batch`);
    writeFileSync(lock, killedLock);

    const resumed = chartcoder(['run', '--resume', 'night', '--out', out, '--quiet']);
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    const coded = Number(/resumed, (\d+) coded now/.exec(resumed.stdout)?.[1]);
    expect(coded).toBe(600 - 150);
    for (const f of ['codes.csv', 'charts.csv']) {
      expect(readFileSync(path.join(out, 'night', f)).equals(readFileSync(path.join(straight, 'night', f))), f).toBe(
        true,
      );
    }
    const charts = parse(readFileSync(path.join(out, 'night', 'charts.csv')), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    expect(new Set(charts.map((c) => c.chart_id)).size).toBe(600);
    expect(readdirSync(path.join(out, 'night')).sort()).toEqual([
      '_SUCCESS',
      'charts.csv',
      'codes.csv',
      'manifest.json',
    ]);

    const again = chartcoder(['run', '--resume', 'night', '--out', out, '--quiet']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already complete, nothing to do');
  }, 120_000);

  it('fails a chart that runs past the time limit with CHART_TIMEOUT and goes on', () => {
    const input = corpus(3);
    const out = mkdtempSync(path.join(tmpdir(), 'cc-timeout-'));
    const r = chartcoder([
      'run',
      input,
      '--out',
      out,
      '--batch-id',
      't',
      '--quiet',
      '--workers',
      '1',
      '--chart-timeout',
      '0.000001',
    ]);
    expect(r.status).toBe(2);
    const charts = parse(readFileSync(path.join(out, 't', 'charts.csv')), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    expect(charts.map((c) => [c.status, c.issue_codes])).toEqual([
      ['failed', 'CHART_TIMEOUT'],
      ['failed', 'CHART_TIMEOUT'],
      ['failed', 'CHART_TIMEOUT'],
    ]);
  });

  it('refuses to start over an interrupted batch without --resume', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'cc-partial-'));
    mkdirSync(path.join(out, '.x.partial'));
    const r = chartcoder(['run', path.join(packageRoot, 'fixtures', 'charts'), '--out', out, '--batch-id', 'x']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('OUTPUT_EXISTS');
    expect(r.stderr).toContain('--resume');
  });
});
