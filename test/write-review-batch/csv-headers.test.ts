/**
 * The header rows of codes.csv and charts.csv against golden files (test/write-review-batch/golden/): the
 * columns are a contract with every spreadsheet and script that reads a batch. After an intended change:
 * `UPDATE_GOLDEN=1 npx vitest run test/write-review-batch/csv-headers.test.ts`, and update README's tables.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { cli } from '../support/cli.js';

const golden = path.join(import.meta.dirname, 'golden');

const chart = path.join(packageRoot, 'fixtures', 'charts', 'ed-kidney-stone-right.txt');

async function expectGoldenHeaders(inputs: string[], suffix: string): Promise<void> {
  const out = mkdtempSync(path.join(tmpdir(), 'cc-headers-'));
  const { code } = await cli(['run', ...inputs, '--out', out, '--batch-id', 'headers', '--workers', '1', '--quiet']);
  expect(code).toBe(0);
  for (const name of ['codes', 'charts']) {
    const text = readFileSync(path.join(out, 'headers', `${name}.csv`), 'utf8');
    const header = text.slice(0, text.indexOf('\r\n') + 2);
    const file = path.join(golden, `${name}-header${suffix}.csv`);
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, header);
    expect(header, name).toBe(readFileSync(file, 'utf8'));
  }
}

describe('CSV headers', () => {
  it('codes.csv and charts.csv open with the golden header rows (BOM, CRLF)', async () => {
    await expectGoldenHeaders([chart], '');
  });

  it('a batch with encounters (manifest encounter_id) has the same columns and encounter_id last', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-headers-enc-'));
    const manifest = path.join(dir, 'm.csv');
    writeFileSync(manifest, `chart_id,path,encounter_id\nkidney,${chart},E1\n`);
    await expectGoldenHeaders(['--manifest', manifest], '-encounters');
  });
});
