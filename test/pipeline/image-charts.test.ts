/**
 * A page image in a batch: it is coded in a worker of the pool in a group of its own (chart-groups), between
 * text charts, and its OCR pages and confidence reach charts.csv, codes.jsonl and the FHIR DocumentReference.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { layoutPages, scanPages } from '../../src/bench/scan-fixtures.js';
import { packageRoot } from '../../src/contract/paths.js';
import { batchFiles } from '../support/batch-files.js';
import { runManifestBatch } from '../support/manifest-batch.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const charts = path.join(packageRoot, 'fixtures', 'charts');
let dir: string;
let rows: Record<string, string>[];
let codes: Record<string, string>[];
let lines: Json[];

beforeAll(async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'cc-image-batch-'));
  const page = layoutPages(readFileSync(path.join(charts, 'ov-diabetes-neuropathy.txt'), 'utf8'))[0]!
    .slice(0, 24)
    .join('\n');
  writeFileSync(path.join(work, 'page.txt'), page);
  writeFileSync(path.join(work, 'page.png'), scanPages(page)[0]!);
  const list = [
    ['a-text', path.join(charts, 'consult-cardiology-afib.txt')],
    ['b-image', path.join(work, 'page.png')],
    ['c-text', path.join(work, 'page.txt')],
  ];
  const header = 'chart_id,path';
  const batch = await runManifestBatch({ work, header, rows: list.map((l) => l.join(',')), workers: 2 });
  expect(batch.r.code, batch.r.stderr).toBe(0);
  dir = batch.dir;
  ({ charts: rows, codes, lines } = batchFiles(dir));
}, 180_000);

const codesOf = (id: string) =>
  codes
    .filter((c) => c.chart_id === id)
    .map((c) => c.code)
    .sort();

describe('a page image among text charts', () => {
  it('is read by OCR and coded like the same page typed', () => {
    const image = rows.find((r) => r.chart_id === 'b-image')!;
    expect(image).toMatchObject({ kind: 'image', status: 'ok', ocr_pages: '1' });
    expect(Number(image.ocr_confidence)).toBeGreaterThan(85);
    expect(rows.find((r) => r.chart_id === 'c-text')).toMatchObject({
      kind: 'text',
      ocr_pages: '',
      ocr_confidence: '',
    });
    expect(codesOf('b-image')).toEqual(expect.arrayContaining(['E11.9', 'E78.5', 'I10']));
    expect(codesOf('b-image')).toEqual(codesOf('c-text'));
  });

  it('carries its OCR pages and confidence into codes.jsonl, and its image type into the FHIR bundle', () => {
    const image = lines.find((l) => l.chart_id === 'b-image')!;
    expect(image.ocr_pages).toEqual([1]);
    expect(image.ocr_confidence).toBe(Number(rows.find((r) => r.chart_id === 'b-image')!.ocr_confidence));
    expect(lines.find((l) => l.chart_id === 'a-text')).toMatchObject({ ocr_pages: [], ocr_confidence: null });
    const bundle = JSON.parse(readFileSync(path.join(dir, 'fhir', 'b-image.json'), 'utf8'));
    const doc = bundle.entry.find((e: Json) => e.resource.resourceType === 'DocumentReference').resource;
    expect(doc.content[0].attachment.contentType).toBe('image/png');
  });
});
