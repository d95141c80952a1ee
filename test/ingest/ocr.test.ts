/**
 * OCR of scanned charts, on page images made here from the typed fixtures (src/bench/scan-fixtures.ts).
 * Kept to a handful of short pages so it stays affordable on two cores; the whole scanned gold set is
 * measured by `npm run bench` (docs/ocr.md).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { characterErrorRate } from '../../src/bench/ocr-accuracy.js';
import { layoutPages, noisePage, scanPages, tiffOf } from '../../src/bench/scan-fixtures.js';
import { IngestError } from '../../src/ingest/ingest-issue.js';
import { ocrOptions, type OcrOptions } from '../../src/ingest/ocr-options.js';
import { readChart, type ChartText } from '../../src/ingest/read-chart.js';
import { closeRecognizer, recognizerStarted } from '../../src/ingest/recognizer.js';
import { packageRoot } from '../../src/contract/paths.js';
import { makeScannedPdf } from '../support/make-pdf.js';

const dir = mkdtempSync(path.join(tmpdir(), 'chartcoder-ocr-'));
const chart = readFileSync(path.join(packageRoot, 'fixtures', 'charts', 'ov-diabetes-neuropathy.txt'), 'utf8');
/** Short pages (a dozen lines each) keep each recognition to about a second. */
const lines = layoutPages(chart)[0]!;
const short = (from: number) => lines.slice(from, from + 12).join('\n');

function file(name: string, bytes: Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

const read = (p: string, ocr: Partial<OcrOptions> = {}) =>
  readChart(p, { maxBytes: 50_000_000, maxPages: 300, ocr: ocrOptions.parse(ocr) });
const failure = (p: string, ocr: Partial<OcrOptions> = {}) =>
  read(p, ocr).then(
    () => 'read',
    (e: unknown) => (e instanceof IngestError ? e.code : String(e)),
  );
const codes = (c: ChartText) => c.warnings.map((w) => w.code);

afterAll(() => closeRecognizer());

describe('OCR of page images', { timeout: 180_000 }, () => {
  it("reads a clean 200-dpi page with a character error rate under 2 % and keeps each word's confidence", async () => {
    const c = await read(file('clean.png', scanPages(short(0))[0]!));
    expect(c.source.kind).toBe('image');
    expect(characterErrorRate(short(0), c.text)).toBeLessThanOrEqual(0.02);
    expect(c.ocr?.pages).toEqual([1]);
    expect(c.ocr!.meanConfidence).toBeGreaterThan(85);
    const word = c.ocr!.words.find((w) => c.text.slice(w.start, w.end) === 'CHIEF');
    expect(word?.confidence).toBeGreaterThan(50);
  });

  it('reads every page of a multi-page TIFF, up to the page limit (INGEST_OCR_PAGE_LIMIT)', async () => {
    const tiff = await tiffOf([scanPages(short(0))[0]!, scanPages(short(12))[0]!, scanPages(short(24))[0]!]);
    const c = await read(file('fax.tif', tiff), { maxPages: 2 });
    expect(c.pages).toHaveLength(3);
    expect(c.ocr?.pages).toEqual([1, 2]);
    expect(c.text.slice(c.pages[1]!.start, c.pages[1]!.end)).toContain('PAST MEDICAL HISTORY');
    expect(c.pages[2]!.start).toBe(c.pages[2]!.end);
    expect(codes(c)).toContain('INGEST_OCR_PAGE_LIMIT');
  });

  it('turns an upside-down page and says so (INGEST_OCR_PAGE_TURNED)', async () => {
    const c = await read(file('upside-down.png', scanPages(short(12), { skew: 180 })[0]!));
    expect(codes(c)).toContain('INGEST_OCR_PAGE_TURNED');
    expect(characterErrorRate(short(12), c.text)).toBeLessThanOrEqual(0.05);
  });

  it('fails a blank page, a page of noise, a huge image and a damaged TIFF with a code, never a crash', async () => {
    const blank = scanPages('')[0]!;
    expect(await failure(file('blank.png', blank))).toBe('INGEST_OCR_PAGE_BLANK');
    expect(['INGEST_OCR_PAGE_UNREADABLE', 'INGEST_OCR_PAGE_BLANK']).toContain(
      await failure(file('noise.png', noisePage())),
    );
    expect(await failure(file('huge.png', hugePng(20_000, 20_000)))).toBe('INGEST_IMAGE_TOO_LARGE');
    const tiff = await tiffOf([blank]);
    expect(await failure(file('cut.tif', tiff.subarray(0, 4000)))).toBe('INGEST_IMAGE_INVALID');
    expect(await failure(file('not-a.tif', Buffer.from('II*\0garbage')))).toBe('INGEST_IMAGE_INVALID');
    expect(await failure(file('off.png', blank), { mode: 'off' })).toBe('INGEST_NO_TEXT_LAYER');
  });

  it('reports a page past its time limit (INGEST_OCR_PAGE_TIMEOUT) and starts a fresh engine for the next', async () => {
    expect(await failure(file('slow.png', scanPages(short(0))[0]!), { pageTimeoutMs: 1 })).toBe(
      'INGEST_OCR_PAGE_TIMEOUT',
    );
    expect(recognizerStarted()).toBe(false);
  });
});

describe('OCR of PDFs', { timeout: 180_000 }, () => {
  it('keeps text-layer pages of a mixed PDF and reads the scanned one in its place', async () => {
    const pdf = await makeScannedPdf([
      'PROGRESS NOTE\nPatient seen today for follow-up of hypertension.',
      scanPages(short(12))[0]!,
      'Page three typed: plan reviewed with the patient.',
    ]);
    const c = await read(file('mixed.pdf', pdf));
    expect(c.pages).toHaveLength(3);
    expect(c.ocr?.pages).toEqual([2]);
    expect(c.text.slice(c.pages[0]!.start, c.pages[0]!.end)).toContain('follow-up of hypertension');
    expect(characterErrorRate(short(12), c.text.slice(c.pages[1]!.start, c.pages[1]!.end))).toBeLessThanOrEqual(0.03);
    expect(c.text.slice(c.pages[2]!.start, c.pages[2]!.end)).toContain('plan reviewed');
    expect(c.ocr!.words.every((w) => w.start >= c.pages[1]!.start && w.end <= c.pages[1]!.end)).toBe(true);

    const off = await read(file('mixed-off.pdf', pdf), { mode: 'off' });
    expect(off.ocr).toBeUndefined();
    expect(codes(off)).toEqual(['INGEST_PAGE_NO_TEXT']);
  });
});

/** A 1-bit PNG of `w` × `h` white pixels (50 MB raw for 20,000², small on disk; CRCs left zero: the size is refused before any pixel is decoded). */
function hugePng(w: number, h: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const row = Buffer.alloc(1 + Math.ceil(w / 8), 0xff);
  row[0] = 0;
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
