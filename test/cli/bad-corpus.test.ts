/**
 * The worst files a scanner or an interface engine produces, end to end through `chartcoder run`: every
 * input appears exactly once in charts.csv — coded, or failed with its issue code — and the batch finishes.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { cli } from '../support/cli.js';
import { makePdf } from '../support/make-pdf.js';

const fixtures = path.join(packageRoot, 'fixtures');
const rows = (file: string) => parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];
const root = process.getuid?.() === 0; // root reads a chmod-000 file anyway

/** A 5 MB chart on one line, as an interface engine that drops line ends sends it. */
function oneLongLine(bytes: number): string {
  const phrase =
    'Patient seen for essential hypertension and type 2 diabetes mellitus, denies chest pain, plan to continue lisinopril and metformin; ';
  return `ASSESSMENT: ${phrase.repeat(Math.ceil(bytes / phrase.length))}`.slice(0, bytes);
}

describe('bad-input corpus, end to end', async () => {
  const input = mkdtempSync(path.join(tmpdir(), 'cc-badcorpus-'));
  for (const f of readdirSync(path.join(fixtures, 'bad')).filter((f) => f !== 'README.md'))
    cpSync(path.join(fixtures, 'bad', f), path.join(input, 'bad', f));
  cpSync(path.join(fixtures, 'charts-encodings'), path.join(input, 'encodings'), { recursive: true });
  mkdirSync(path.join(input, 'odd names'));
  cpSync(
    path.join(fixtures, 'charts', 'ov-peds-otitis-media.txt'),
    path.join(input, 'odd names', 'Zoë Müller – visit 2.txt'),
  );
  writeFileSync(
    path.join(input, 'pages-500.pdf'),
    await makePdf(
      Array.from({ length: 500 }, (_, i) => `Progress note page ${i + 1}\nASSESSMENT: Essential hypertension`),
    ),
  );
  writeFileSync(path.join(input, 'one-line-5mb.txt'), oneLongLine(5 * 1024 * 1024));
  writeFileSync(path.join(input, 'locked.txt'), 'ASSESSMENT: Essential hypertension.');
  chmodSync(path.join(input, 'locked.txt'), 0o000);
  symlinkSync('loop-b.txt', path.join(input, 'loop-a.txt'));
  symlinkSync('loop-a.txt', path.join(input, 'loop-b.txt'));
  symlinkSync(input, path.join(input, 'odd names', 'back to top'));
  execFileSync('mkfifo', [path.join(input, 'named-pipe.txt')]); // no writer: reading it would wait forever
  // A readable file whose name is Latin-1, not UTF-8 (as an old scanner share writes it): made with a Buffer path.
  writeFileSync(
    Buffer.concat([Buffer.from(`${input}/latin1-name-`), Buffer.from([0xe9, 0xff]), Buffer.from('.txt')]),
    'ASSESSMENT: Essential hypertension.',
  );

  const out = mkdtempSync(path.join(tmpdir(), 'cc-badcorpus-out-'));
  // A per-chart limit well under the default: the 5 MB line must code inside it, not fail with CHART_TIMEOUT.
  const r = await cli(['run', input, '--out', out, '--batch-id', 'bad', '--chart-timeout', '30', '--quiet']);
  const charts = Object.fromEntries(
    rows(path.join(out, 'bad', 'charts.csv')).map((c) => [c.chart_id, [c.status, c.issue_codes]]),
  );

  it('finishes the batch with exit 2 and lists every input once, with its status and issue code', () => {
    expect(r.code).toBe(2);
    expect(charts).toEqual({
      'bad/binary': ['failed', 'INGEST_TEXT_BINARY'],
      'bad/empty': ['failed', 'INGEST_EMPTY_FILE'],
      'bad/empty~2': ['failed', 'INPUT_DUPLICATE_ID'],
      'bad/encrypted': ['failed', 'INGEST_PDF_ENCRYPTED'],
      'bad/garbage': ['failed', 'INGEST_PDF_INVALID'],
      'bad/truncated': ['failed', 'INGEST_PDF_INVALID'],
      'bad/unsupported': ['failed', 'INGEST_UNSUPPORTED_TYPE'],
      'encodings/crlf': ['ok', ''],
      'encodings/latin1': ['ok', 'INGEST_TEXT_DECODED_LATIN1'], // a warning: decoded by guess
      'encodings/utf16be-bom': ['ok', ''],
      'encodings/utf16le-bom': ['ok', ''],
      'encodings/utf8': ['ok', ''],
      'encodings/utf8-bom': ['ok', ''],
      'latin1-name-\uFFFD\uFFFD': ['failed', 'INPUT_NAME_NOT_UTF8'], // never a misleading ENOENT
      locked: root ? ['ok', ''] : ['failed', 'INGEST_UNREADABLE'],
      'loop-a': ['failed', 'INGEST_UNREADABLE'],
      'loop-b': ['failed', 'INGEST_UNREADABLE'],
      'named-pipe': ['failed', 'INGEST_UNSUPPORTED_TYPE'],
      'odd names/Zoë Müller – visit 2': ['ok', ''],
      'one-line-5mb': ['ok', ''],
      'pages-500': ['failed', 'INGEST_PDF_TOO_MANY_PAGES'],
    });
  });

  it('codes the 5 MB single line inside a 30-second chart limit', () => {
    const codes = rows(path.join(out, 'bad', 'codes.csv')).filter((c) => c.chart_id === 'one-line-5mb');
    expect(codes.map((c) => c.code)).toEqual(expect.arrayContaining(['I10', 'E11.9']));
  });

  it('keeps names with spaces and non-ASCII letters intact in the output', () => {
    const codes = rows(path.join(out, 'bad', 'codes.csv')).filter(
      (c) => c.chart_id === 'odd names/Zoë Müller – visit 2',
    );
    expect(codes.length).toBeGreaterThan(0);
  });

  it('a manifest naming one chart id twice codes the first and fails the second as a duplicate', async () => {
    const manifest = path.join(input, 'manifest.csv');
    const a = path.join(fixtures, 'charts', 'ov-peds-otitis-media.txt');
    const b = path.join(fixtures, 'charts', 'ed-kidney-stone-right.txt');
    writeFileSync(
      manifest,
      `chart_id,path,encounter_type,date_of_service\nMRN-1,${a},outpatient,2026-03-01\nMRN-1,${b},outpatient,2026-03-02\nMRN-2,${b},,\n`,
    );
    const m = await cli(['run', '--manifest', manifest, '--out', out, '--batch-id', 'dups', '--quiet']);
    expect(m.code).toBe(2);
    const listed = rows(path.join(out, 'dups', 'charts.csv')).map((c) => [c.chart_id, c.status, c.issue_codes]);
    expect(listed).toEqual([
      ['MRN-1', 'ok', ''],
      ['MRN-1~2', 'failed', 'INPUT_DUPLICATE_ID'],
      ['MRN-2', 'ok', ''],
    ]);
  });
});
