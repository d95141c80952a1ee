import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { readChart } from '../../src/ingest/read-chart.js';
import { packageRoot } from '../../src/contract/paths.js';
import { makePdf } from '../support/make-pdf.js';

const fixtures = path.join(packageRoot, 'fixtures');

function readCsv(file: string): Record<string, string>[] {
  const buf = readFileSync(file);
  expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM so Excel reads UTF-8
  return parse(buf, { columns: true, bom: true });
}

const tmp = (p: string) => mkdtempSync(path.join(tmpdir(), p));

describe('chartcoder run', () => {
  it('codes the fixture charts, with offsets that point at the evidence', async () => {
    const out = tmp('cc-run-');
    const r = await cli(['run', path.join(fixtures, 'charts'), '--out', out, '--batch-id', 'b1', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/batch b1: \d+ charts \(\d+ ok, 0 failed\)/);
    const dir = path.join(out, 'b1');
    expect(readdirSync(dir).sort()).toEqual(['_SUCCESS', 'charts.csv', 'codes.csv', 'manifest.json']);
    const charts = readCsv(path.join(dir, 'charts.csv'));
    const chartFiles = readdirSync(path.join(fixtures, 'charts'));
    expect(charts).toHaveLength(chartFiles.length);
    expect(charts.every((c) => c.status === 'ok')).toBe(true);
    const codes = readCsv(path.join(dir, 'codes.csv'));
    expect(codes.length).toBeGreaterThan(chartFiles.length);
    for (const c of charts) {
      const text = (await readChart(c.path!, { maxBytes: 1e7, maxPages: 50 })).text;
      for (const row of codes.filter((x) => x.chart_id === c.chart_id)) {
        expect(text.slice(Number(row.start), Number(row.end))).toBe(row.evidence);
      }
    }
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      batchId: 'b1',
      inputs: { total: chartFiles.length, failed: 0 },
      pipeline: { name: 'outpatient' },
    });
    expect(manifest.codeSets.used.icd10cm).toEqual([expect.stringMatching(/starter/)]);
  });

  it('writes owner-only files and byte-identical codes.csv for the same inputs', async () => {
    const a = tmp('cc-det-a-');
    const b = tmp('cc-det-b-');
    const args = (out: string) => [
      'run',
      path.join(fixtures, 'charts'),
      '--out',
      out,
      '--batch-id',
      'same',
      '--quiet',
      '-j',
      out === a ? '1' : '8',
    ];
    expect((await cli(args(a))).code).toBe(0);
    expect((await cli(args(b))).code).toBe(0);
    for (const f of ['codes.csv', 'charts.csv']) {
      expect(readFileSync(path.join(a, 'same', f)).equals(readFileSync(path.join(b, 'same', f)))).toBe(true);
    }
    expect(statSync(path.join(a, 'same')).mode & 0o777).toBe(0o700);
    for (const f of ['codes.csv', 'charts.csv', 'manifest.json', '_SUCCESS'])
      expect(statSync(path.join(a, 'same', f)).mode & 0o777).toBe(0o600);
  });

  it('codes every good chart and lists every bad file with its issue code, exit 2', async () => {
    const input = tmp('cc-mixed-');
    cpSync(path.join(fixtures, 'charts', 'ov-peds-otitis-media.txt'), path.join(input, 'good-1.txt'));
    cpSync(path.join(fixtures, 'charts', 'ed-kidney-stone-right.txt'), path.join(input, 'good-2.txt'));
    writeFileSync(
      path.join(input, 'good-3.pdf'),
      await makePdf(['ASSESSMENT:\n1. Essential hypertension\n2. Type 2 diabetes mellitus']),
    );
    writeFileSync(path.join(input, 'empty.txt'), '');
    writeFileSync(path.join(input, 'garbage.pdf'), Buffer.alloc(3000, 0x5a));
    writeFileSync(path.join(input, 'scanned.pdf'), await makePdf(['', '']));
    writeFileSync(path.join(input, 'letter.docx'), 'PK\u0003\u0004 not a chart');
    writeFileSync(path.join(input, 'locked.txt'), 'ASSESSMENT: HTN');
    chmodSync(path.join(input, 'locked.txt'), 0o000);
    const out = tmp('cc-mixed-out-');
    const r = await cli(['run', input, '--out', out, '--batch-id', 'mixed', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/chart\(s\) failed/);
    const charts = Object.fromEntries(
      readCsv(path.join(out, 'mixed', 'charts.csv')).map((c) => [c.chart_id, [c.status, c.issue_codes]]),
    );
    const root = process.getuid?.() === 0; // root reads a chmod-000 file anyway
    expect(charts).toEqual({
      empty: ['failed', 'INGEST_EMPTY_FILE'],
      garbage: ['failed', 'INGEST_PDF_INVALID'],
      'good-1': ['ok', ''],
      'good-2': ['ok', ''],
      'good-3': ['ok', ''],
      letter: ['failed', 'INGEST_UNSUPPORTED_TYPE'],
      locked: root ? ['ok', ''] : ['failed', 'INGEST_UNREADABLE'],
      scanned: ['failed', 'INGEST_OCR_PAGE_BLANK'], // two pages with a frame and no text: OCR finds nothing
    });
    const coded = new Set(readCsv(path.join(out, 'mixed', 'codes.csv')).map((c) => c.chart_id));
    expect([...coded].sort()).toEqual(root ? ['good-1', 'good-2', 'good-3', 'locked'] : ['good-1', 'good-2', 'good-3']);
    expect(existsSync(path.join(out, 'mixed', '_SUCCESS'))).toBe(true);
  });

  it('neutralizes spreadsheet formulas in every cell', async () => {
    const input = tmp('cc-formula-');
    writeFileSync(path.join(input, '=HYPERLINK("x").txt'), 'ASSESSMENT: Essential hypertension.');
    const out = tmp('cc-formula-out-');
    expect((await cli(['run', input, '--out', out, '--batch-id', 'f', '--quiet'])).code).toBe(0);
    const codes = readCsv(path.join(out, 'f', 'codes.csv'));
    expect(codes.map((c) => c.chart_id)).toEqual([`'=HYPERLINK("x")`]);
  });

  it('is a usage or config error with exit 1 and nothing written', async () => {
    const out = tmp('cc-err-');
    const cfg = path.join(out, 'bad.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        ...JSON.parse(readFileSync(path.join(packageRoot, 'pipelines', 'outpatient.json'), 'utf8')),
        colour: 'red',
      }),
    );
    const r = await cli(['run', path.join(fixtures, 'charts'), '--out', out, '--pipeline', cfg]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`CONFIG_UNKNOWN_OPTION: ${cfg}: colour`);
    expect(readdirSync(out)).toEqual(['bad.json']);
    expect((await cli(['run', '--out', out])).code).toBe(1);
    expect((await cli(['frobnicate'])).code).toBe(1);
    const missing = await cli(['run', path.join(out, 'nope'), '--out', out]);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('INPUT_NOT_FOUND')]);
  });

  it('refuses to overwrite an existing batch', async () => {
    const out = tmp('cc-exists-');
    const args = [
      'run',
      path.join(fixtures, 'charts', 'rad-knee-xray-left.txt'),
      '--out',
      out,
      '--batch-id',
      'x',
      '--quiet',
    ];
    expect((await cli(args)).code).toBe(0);
    const again = await cli(args);
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('OUTPUT_EXISTS')]);
  });

  it('codes inpatient charts from a manifest with ICD-10-PCS procedures', async () => {
    const dir = tmp('cc-manifest-run-');
    const m = path.join(dir, 'm.csv');
    const chart = path.join(fixtures, 'charts', 'op-lap-appendectomy.txt');
    writeFileSync(
      m,
      `chart_id,path,encounter_type,date_of_service\nin-1,${chart},inpatient,2026-02-01\nout-1,${chart},outpatient,2026-02-01\n`,
    );
    expect((await cli(['run', '--manifest', m, '--out', dir, '--batch-id', 'm', '--quiet'])).code).toBe(0);
    const codes = readCsv(path.join(dir, 'm', 'codes.csv'));
    const systems = (id: string) => [...new Set(codes.filter((c) => c.chart_id === id).map((c) => c.system))].sort();
    expect(systems('in-1')).toContain('icd10pcs');
    expect(systems('in-1')).not.toContain('cpt');
    expect(systems('out-1')).toContain('cpt');
    expect(systems('out-1')).not.toContain('icd10pcs');
  });

  it('never prints chart text, even for charts that fail', async () => {
    const canary = 'ZQXCANARY';
    const input = tmp('cc-canary-');
    writeFileSync(
      path.join(input, 'ok.txt'),
      `HPI: ${canary} reports cough.\nASSESSMENT: Essential hypertension. ${canary}`,
    );
    writeFileSync(path.join(input, 'bad.txt'), Buffer.concat([Buffer.from(`${canary}\0\0`), Buffer.alloc(64, 1)]));
    writeFileSync(path.join(input, 'bad.pdf'), `%PDF-1.7 ${canary} truncated`);
    const out = tmp('cc-canary-out-');
    const r = await cli(['run', input, '--out', out, '--batch-id', 'c']);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).not.toContain(canary);
    expect(readFileSync(path.join(out, 'c', 'charts.csv'), 'utf8')).not.toContain(canary);
    expect(readFileSync(path.join(out, 'c', 'manifest.json'), 'utf8')).not.toContain(canary);
  });

  it('answers --help for the tool and for run', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Exit codes: 0 all charts coded; 2');
    const run = await cli(['run', '--help']);
    for (const opt of ['--out', '--pipeline', '--manifest', '--batch-id', '--concurrency', '--quiet'])
      expect(run.stdout).toContain(opt);
  });
});
