import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { corpus } from '../support/corpus.js';

const bin = path.join(packageRoot, 'bin', 'chartcoder.js');
function chartcoder(args: string[], fault?: string) {
  const env = { ...process.env, NO_COLOR: '1' };
  if (fault) env.CHARTCODER_TEST_FAULT = fault;
  else delete env.CHARTCODER_TEST_FAULT;
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });
}
const tmp = (p: string) => mkdtempSync(path.join(tmpdir(), p));
const rows = (file: string) => parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];
const run = (input: string, out: string) => [
  'run',
  input,
  '--out',
  out,
  '--batch-id',
  'night',
  '--quiet',
  '--workers',
  '1',
];
const resume = (out: string) => ['run', '--resume', 'night', '--out', out, '--quiet', '--workers', '1'];

describe('resume checks what is on disk', () => {
  it('codes again an input edited after the crash and fails one deleted since (never drops it), naming both', () => {
    const input = corpus(30);
    const out = tmp('cc-resume-inputs-');
    expect(chartcoder(run(input, out), 'crash:journal-closed').signal).toBe('SIGKILL'); // every chart journaled, nothing committed
    const edited = path.join(input, 'c0010.txt');
    cpSync(path.join(packageRoot, 'fixtures', 'charts', 'op-lap-appendectomy.txt'), edited); // was a diabetic ketoacidosis discharge
    rmSync(path.join(input, 'c0020.txt'));
    cpSync(path.join(input, 'c0001.txt'), path.join(input, 'c0099.txt')); // added after the start: not a chart of this batch

    const r = chartcoder(resume(out));
    expect(r.stderr).toContain('1 chart(s) failed');
    expect(r.status).toBe(2);
    expect(r.stdout).toContain(
      '2 chart(s) whose input file changed or went missing since the batch started were coded again: c0010, c0020',
    );
    const charts = rows(path.join(out, 'night', 'charts.csv'));
    expect(charts.map((c) => c.chart_id)).toEqual(
      Array.from({ length: 30 }, (_, i) => `c${String(i).padStart(4, '0')}`),
    );
    const deleted = charts.find((c) => c.chart_id === 'c0020')!;
    expect([deleted.status, deleted.issue_codes]).toEqual(['failed', 'INGEST_UNREADABLE']);
    expect(charts.find((c) => c.chart_id === 'c0010')!.sha256).toBe(
      createHash('sha256').update(readFileSync(edited)).digest('hex'),
    );

    // The codes are those of a run on the inputs as they are now (the deleted chart has none).
    rmSync(path.join(input, 'c0099.txt'));
    const fresh = tmp('cc-resume-fresh-');
    expect(chartcoder(run(input, fresh)).status).toBe(0);
    expect(
      readFileSync(path.join(out, 'night', 'codes.csv')).equals(readFileSync(path.join(fresh, 'night', 'codes.csv'))),
    ).toBe(true);
    expect(rows(path.join(out, 'night', 'codes.csv')).some((c) => c.chart_id === 'c0010' && c.code === 'K35.80')).toBe(
      true,
    );
  }, 60_000);

  it('a zero-filled tail in codes.csv after a power cut is coded again, never committed', () => {
    const input = corpus(8);
    const straight = tmp('cc-zero-straight-');
    expect(chartcoder(run(input, straight)).status).toBe(0);
    const out = tmp('cc-zero-');
    expect(chartcoder(run(input, out), 'crash:journal-closed').signal).toBe('SIGKILL');
    const file = path.join(out, '.night.partial', 'codes.csv');
    const bytes = readFileSync(file);
    bytes.fill(0, bytes.length - 300);
    writeFileSync(file, bytes);
    const r = chartcoder(resume(out));
    expect(r.status).toBe(0);
    expect(Number(/resumed, (\d+) coded now/.exec(r.stdout)?.[1])).toBeGreaterThan(0);
    for (const f of ['codes.csv', 'charts.csv'])
      expect(readFileSync(path.join(out, 'night', f)).equals(readFileSync(path.join(straight, 'night', f))), f).toBe(
        true,
      );
  }, 60_000);
});
