import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestError } from '../../src/ingest/ingest-issue.js';
import { ocrOptions } from '../../src/ingest/ocr-options.js';
import { readChart } from '../../src/ingest/read-chart.js';
import { closeRecognizer } from '../../src/ingest/recognizer.js';
import { makePdf } from '../support/make-pdf.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cc-ingest-'));
const limits = { maxBytes: 10_000_000, maxPages: 50 };
const file = (name: string, data: Buffer | string) => {
  const p = path.join(dir, name);
  writeFileSync(p, data);
  return p;
};
afterAll(() => closeRecognizer());

const failure = async (p: string, l = limits) => {
  try {
    await readChart(p, l);
  } catch (e) {
    if (e instanceof IngestError) return e.code;
    throw e;
  }
  return 'no error';
};

const NOTE = 'ASSESSMENT:\r\n1. Hypertension\r\n2. Müller’s café naïve';

describe('readChart: text', () => {
  it.each([
    ['utf8.txt', Buffer.from(NOTE, 'utf8')],
    ['utf8-bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(NOTE, 'utf8')])],
    ['utf16le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(NOTE, 'utf-16le')])],
    ['utf16be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(NOTE, 'utf-16be')])],
  ])('decodes %s to the same normalized text with LF line ends', async (name, data) => {
    const c = await readChart(file(name, data), limits);
    expect(c.text).toBe('ASSESSMENT:\n1. Hypertension\n2. Müller’s café naïve');
    expect(c.pages).toEqual([{ start: 0, end: c.text.length }]);
    expect(c.source).toMatchObject({ kind: 'text', bytes: data.length });
    expect(c.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('falls back to Windows-1252 for Latin-1 bytes and says so', async () => {
    const c = await readChart(file('latin1.txt', iconv.encode('Müller café', 'latin1')), limits);
    expect(c.text).toBe('Müller café');
    expect(c.warnings.map((w) => w.code)).toEqual(['INGEST_TEXT_DECODED_LATIN1']);
  });

  it('refuses empty, binary, too large and unsupported files with coded issues', async () => {
    expect(await failure(file('empty.txt', ''))).toBe('INGEST_EMPTY_FILE');
    expect(await failure(file('blank.txt', '  \n\n '))).toBe('INGEST_EMPTY_FILE');
    expect(await failure(file('bin.txt', Buffer.from([1, 2, 0, 0, 5, 6, 7])))).toBe('INGEST_TEXT_BINARY');
    expect(await failure(file('big.txt', 'x'.repeat(2000)), { maxBytes: 1000, maxPages: 5 })).toBe('INGEST_TOO_LARGE');
    expect(await failure(file('note.docx', 'PK\u0003\u0004'))).toBe('INGEST_UNSUPPORTED_TYPE');
    expect(await failure(path.join(dir, 'missing.txt'))).toBe('INGEST_UNREADABLE');
  });
});

describe('readChart: PDF', () => {
  it('reads a PDF with page ranges that point at each page text', async () => {
    const pdf = await makePdf(['CHIEF COMPLAINT: cough\nHPI: three days of cough.', 'ASSESSMENT:\n1. Hypertension']);
    const c = await readChart(file('two-pages.pdf', pdf), limits);
    expect(c.source.kind).toBe('pdf');
    expect(c.pages).toHaveLength(2);
    expect(c.text.slice(c.pages[0]!.start, c.pages[0]!.end)).toContain('three days of cough');
    expect(c.text.slice(c.pages[1]!.start, c.pages[1]!.end)).toContain('1. Hypertension');
    expect(c.warnings).toEqual([]);
  });

  it('with OCR off, reports pages without a text layer, and fails a PDF with none at all', async () => {
    const off = { ...limits, ocr: ocrOptions.parse({ mode: 'off' }) };
    const mixed = await readChart(
      file('mixed.pdf', await makePdf(['ASSESSMENT: Hypertension, stable on lisinopril.', ''])),
      off,
    );
    expect(mixed.warnings.map((w) => [w.code, w.message])).toEqual([
      ['INGEST_PAGE_NO_TEXT', 'page(s) 2 of 2 have no text layer and were not coded (OCR is off)'],
    ]);
    expect(await failure(file('scanned.pdf', await makePdf(['', ''])), off)).toBe('INGEST_NO_TEXT_LAYER');
  });

  it('with OCR on, says a page without a text layer is blank when OCR finds nothing on it either', async () => {
    const mixed = await readChart(
      file('mixed-auto.pdf', await makePdf(['ASSESSMENT: Hypertension, stable on lisinopril.', ''])),
      limits,
    );
    expect(mixed.warnings.map((w) => [w.code, w.message])).toEqual([
      ['INGEST_OCR_PAGE_BLANK', 'page(s) 2 of 2: blank (no text found)'],
    ]);
    expect(mixed.ocr).toBeUndefined();
  });

  it('fails corrupt, truncated, zero-byte and over-long PDFs with coded issues', async () => {
    const pdf = await makePdf([
      'ASSESSMENT: Hypertension, stable.',
      'Page two text here for length.',
      'Page three text here.',
    ]);
    expect(await failure(file('zero.pdf', ''))).toBe('INGEST_EMPTY_FILE');
    expect(await failure(file('garbage.pdf', Buffer.alloc(4096, 7)))).toBe('INGEST_PDF_INVALID');
    expect(await failure(file('truncated.pdf', pdf.subarray(0, Math.floor(pdf.length * 0.5))))).toBe(
      'INGEST_PDF_INVALID',
    );
    expect(await failure(file('long.pdf', pdf), { maxBytes: 1e7, maxPages: 2 })).toBe('INGEST_PDF_TOO_MANY_PAGES');
  });
});

describe('what a file expands to is bounded, not only its size', () => {
  it('a text chart past maxChars fails with INGEST_TEXT_TOO_LONG, even when its bytes are under maxBytes', async () => {
    const long = file('long-line.txt', 'hypertension '.repeat(80_000)); // 1,040,000 characters on one line
    expect(await failure(long, { ...limits, maxChars: 1_000_000 })).toBe('INGEST_TEXT_TOO_LONG');
    expect(await failure(long, { ...limits, maxChars: 2_000_000 })).toBe('no error');
  });

  it('UTF-16 text counts in characters after decoding', async () => {
    const utf16 = file(
      'wide.txt',
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('cough '.repeat(2_000), 'utf-16le')]),
    );
    expect(await failure(utf16, { ...limits, maxChars: 11_999 })).toBe('INGEST_TEXT_TOO_LONG');
    expect(await failure(utf16, { ...limits, maxChars: 12_000 })).toBe('no error');
  });
});
