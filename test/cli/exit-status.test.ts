import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { cli } from '../support/cli.js';

const bin = path.join(packageRoot, 'bin', 'chartcoder.js');
const chart = path.join(packageRoot, 'fixtures', 'charts', 'rad-knee-xray-left.txt');
const tmp = (p: string) => mkdtempSync(path.join(tmpdir(), p));

describe('exit status tells what was written', () => {
  it('refuses an unknown or mistyped option before any work', async () => {
    const out = tmp('cc-unknown-');
    for (const typo of [
      ['--concurency', '4'],
      ['--batchid', 'x'],
    ]) {
      const r = await cli(['run', chart, '--out', out, '--quiet', ...typo]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Unknown argument: ${typo[0]!.slice(2)}`);
    }
    expect(readdirSync(out)).toEqual([]);
  });

  it('calibrate --dryrun (a typo of --dry-run) writes nothing', async () => {
    const fit = path.join(packageRoot, 'pipelines', 'calibration', 'outpatient.json');
    const before = readFileSync(fit);
    const r = await cli([
      'calibrate',
      '--gold',
      path.join(packageRoot, 'fixtures', 'gold'),
      '--pipeline',
      'outpatient',
      '--dryrun',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(readFileSync(fit).equals(before)).toBe(true);
  });

  it('a full stdout (/dev/full) after the batch is written: a coded message, no stack trace, exit 0', () => {
    const out = tmp('cc-devfull-');
    const full = openSync('/dev/full', 'w');
    const r = spawnSync(process.execPath, [bin, 'run', chart, '--out', out, '--batch-id', 'b', '--quiet'], {
      stdio: ['ignore', full, 'pipe'],
      encoding: 'utf8',
    });
    closeSync(full);
    expect(r.stderr).toContain('OUTPUT_NOT_WRITABLE: standard output could not be written (ENOSPC)');
    expect(r.stderr).not.toContain('    at ');
    expect(r.status).toBe(0);
    expect(existsSync(path.join(out, 'b', '_SUCCESS'))).toBe(true);
  });

  it('a closed stdout pipe: a coded message, no stack trace, exit 0', async () => {
    const out = tmp('cc-epipe-');
    const child = spawn(process.execPath, [bin, 'run', chart, '--out', out, '--batch-id', 'b', '--quiet'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const status = await new Promise<number | null>((r) => child.on('close', r));
    expect(stderr).toContain('OUTPUT_NOT_WRITABLE: standard output could not be written (EPIPE)');
    expect(stderr).not.toContain('    at ');
    expect(status).toBe(0);
    expect(existsSync(path.join(out, 'b', '_SUCCESS'))).toBe(true);
  });
});
