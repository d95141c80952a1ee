import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { corpus } from '../support/corpus.js';

const bin = path.join(packageRoot, 'bin', 'chartcoder.js');
const chartcoder = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
const FORMAT = ['--format', 'csv,jsonl,fhir,text'];

/** Every file under `dir`, relative path → bytes. */
function tree(dir: string): Map<string, Buffer> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
  return new Map(
    files
      .map((d) => path.join(d.parentPath, d.name))
      .sort()
      .map((f) => [path.relative(dir, f), readFileSync(f)]),
  );
}

describe('codes.jsonl, fhir/ and text/ after kill -9', () => {
  it('resume with the formats the batch started with and end byte-identical to an uninterrupted run', async () => {
    const input = corpus(400);
    const straight = mkdtempSync(path.join(tmpdir(), 'cc-fmt-straight-'));
    expect(chartcoder(['run', input, '--out', straight, '--batch-id', 'n', '--quiet', ...FORMAT]).status).toBe(0);

    const out = mkdtempSync(path.join(tmpdir(), 'cc-fmt-killed-'));
    const child = spawn(
      process.execPath,
      [bin, 'run', input, '--out', out, '--batch-id', 'n', '--quiet', '--workers', '1', '-j', '1', ...FORMAT],
      // Killed (SIGKILL) once 120 charts are on the disk: an exact point, no waiting on time.
      { stdio: 'ignore', env: { ...process.env, CHARTCODER_TEST_FAULT: 'crash-after:120' } },
    );
    expect(await new Promise((r) => child.on('exit', (_c, s) => r(s)))).toBe('SIGKILL');

    const refused = chartcoder(['run', '--resume', 'n', '--out', out, '--quiet', '--format', 'csv']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--format');

    const resumed = chartcoder(['run', '--resume', 'n', '--out', out, '--quiet']);
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    expect(Number(/resumed, (\d+) coded now/.exec(resumed.stdout)?.[1])).toBe(400 - 120);

    const want = tree(path.join(straight, 'n'));
    const got = tree(path.join(out, 'n'));
    want.delete('manifest.json'); // times and the resumed count differ
    got.delete('manifest.json');
    expect([...got.keys()]).toEqual([...want.keys()]);
    expect(want.size).toBe(2 * 400 + 4); // a bundle and a text per chart, codes.csv, charts.csv, codes.jsonl, _SUCCESS
    for (const [f, bytes] of want) expect(got.get(f)!.equals(bytes), f).toBe(true);
    const m = JSON.parse(readFileSync(path.join(out, 'n', 'manifest.json'), 'utf8'));
    expect(m.files.fhir).toHaveLength(400);
    expect(m.files.text).toHaveLength(400);
  }, 180_000);

  it('refuses an unknown format with a usage error naming the known ones', () => {
    const r = chartcoder([
      'run',
      path.join(packageRoot, 'fixtures', 'charts'),
      '--out',
      mkdtempSync(path.join(tmpdir(), 'cc-fmt-bad-')),
      '--format',
      'csv,xml',
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('expected --format to list one or more of csv, jsonl, fhir');
  });
});
