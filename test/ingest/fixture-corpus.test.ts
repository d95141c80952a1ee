import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestError } from '../../src/ingest/ingest-issue.js';
import { ocrOptions } from '../../src/ingest/ocr-options.js';
import { readChart } from '../../src/ingest/read-chart.js';
import { closeRecognizer } from '../../src/ingest/recognizer.js';
import { packageRoot } from '../../src/contract/paths.js';

const fixtures = path.join(packageRoot, 'fixtures');
const limits = { maxBytes: 10_000_000, maxPages: 300 };

/** The expected issue of every file in fixtures/bad (fixtures/bad/README.md says how each was made). */
const BAD: Record<string, string> = {
  'empty.txt': 'INGEST_EMPTY_FILE',
  'empty.pdf': 'INGEST_EMPTY_FILE',
  'garbage.pdf': 'INGEST_PDF_INVALID',
  'truncated.pdf': 'INGEST_PDF_INVALID',
  'encrypted.pdf': 'INGEST_PDF_ENCRYPTED',
  'binary.txt': 'INGEST_TEXT_BINARY',
  'unsupported.docx': 'INGEST_UNSUPPORTED_TYPE',
};

afterAll(() => closeRecognizer());

describe('fixtures/scans', () => {
  const scan = path.join(fixtures, 'scans', 'scanned-image-only.pdf');

  it('reads both pages of a real 150-dpi scan (pdftoppm, img2pdf) by OCR', { timeout: 180_000 }, async () => {
    const c = await readChart(scan, limits);
    expect(c.ocr?.pages).toEqual([1, 2]);
    expect(c.ocr!.meanConfidence).toBeGreaterThan(85);
    expect(c.text.slice(c.pages[0]!.start, c.pages[0]!.end)).toContain('OPERATIVE REPORT');
    expect(c.text).toMatch(/cholecystectomy/i);
  });

  it('fails it with INGEST_NO_TEXT_LAYER when OCR is off', async () => {
    const err = await readChart(scan, { ...limits, ocr: ocrOptions.parse({ mode: 'off' }) }).catch((e: unknown) => e);
    expect((err as IngestError).code).toBe('INGEST_NO_TEXT_LAYER');
  });
});

describe('fixtures/bad', () => {
  it('has an expectation for every file', () => {
    expect(
      readdirSync(path.join(fixtures, 'bad'))
        .filter((f) => f !== 'README.md')
        .sort(),
    ).toEqual(Object.keys(BAD).sort());
  });

  it.each(Object.entries(BAD))('%s fails with %s', async (name, code) => {
    const err = await readChart(path.join(fixtures, 'bad', name), limits).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).code).toBe(code);
  });
});

describe('fixtures/charts-encodings', () => {
  it('decodes every encoding to the same text', async () => {
    const dir = path.join(fixtures, 'charts-encodings');
    const texts = await Promise.all(
      readdirSync(dir)
        .sort()
        .map(async (f) => [f, (await readChart(path.join(dir, f), limits)).text] as const),
    );
    const reference = texts.find(([f]) => f === 'utf8.txt')![1];
    expect(reference).toContain('Müller');
    for (const [, text] of texts) expect(text).toBe(reference);
  });
});

describe('fixtures/pdf', () => {
  it('reads every PDF made by another tool to its source text, word for word', async () => {
    const dir = path.join(fixtures, 'pdf');
    const pdfs = readdirSync(dir).filter((f) => f.endsWith('.pdf'));
    expect(pdfs.length).toBeGreaterThanOrEqual(5);
    for (const f of pdfs) {
      const chart = await readChart(path.join(dir, f), limits);
      const source = readFileSync(path.join(fixtures, 'pdf-source', f.replace(/\.pdf$/, '.txt')), 'utf8');
      const words = (s: string) => s.split(/\s+/).filter(Boolean);
      expect(words(chart.text.replace(/\f/g, ' ')), f).toEqual(words(source));
      expect(chart.warnings, f).toEqual([]);
    }
  });
});
