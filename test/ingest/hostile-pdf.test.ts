/**
 * PDFs that would make pdf.js allocate far more than the file outside the V8 heap (where a worker's resourceLimits do
 * not reach): a stream that inflates a thousandfold (once or twice deflated, with a lying Length or a stray
 * `endstream` in its data), an image declaring 60,000 × 60,000 pixels, a 30,000-page tree. Each fails its own chart
 * with its own issue code before pdf.js allocates, and the batch goes on. Peak RSS is measured by
 * `npm run bench -- hostile-pdf`, not here.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { hugeImagePdf, manyPagesPdf, rawPdf, streamBombPdf } from '../../src/bench/hostile-pdf.js';
import { packageRoot } from '../../src/contract/paths.js';
import { measurePdf } from '../../src/ingest/pdf-budget.js';
import { cli } from '../support/cli.js';
import { makePdf } from '../support/make-pdf.js';
import { scratch } from '../support/code-samples.js';

const MB = 1024 * 1024;
const rows = (file: string) => parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];

/** A one-page PDF whose content stream is `data` under `dict` (Length and filters as given, not as they should be). */
const pageWith = (dict: string, data: Buffer) =>
  rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    Buffer.concat([Buffer.from(`<< ${dict} >>\nstream\n`), data, Buffer.from('\nendstream')]),
  ]);

describe('what a PDF decodes to is measured before pdf.js sees it', () => {
  it('counts every stream, deflated once or twice, and stops a bomb at the limit', async () => {
    const ok = await measurePdf(await streamBombPdf(8 * MB), 16 * MB);
    expect(ok.decodedBytes).toBeGreaterThan(8 * MB);
    expect(ok.decodedBytes).toBeLessThan(8 * MB + 4096);
    await expect(measurePdf(await streamBombPdf(8 * MB), 4 * MB)).rejects.toMatchObject({
      code: 'INGEST_PDF_DECODED_TOO_LARGE',
    });
    await expect(measurePdf(await streamBombPdf(8 * MB, true), 4 * MB)).rejects.toMatchObject({
      code: 'INGEST_PDF_DECODED_TOO_LARGE',
    });
  });

  it('is not fooled by a Length that lies or an `endstream` inside the data', async () => {
    const bomb = deflateSync(Buffer.alloc(8 * MB));
    const fake = Buffer.concat([bomb.subarray(0, 100), Buffer.from('\nendstream\n'), bomb.subarray(100)]);
    await expect(measurePdf(pageWith('/Filter /FlateDecode /Length 10', bomb), 4 * MB)).rejects.toMatchObject({
      code: 'INGEST_PDF_DECODED_TOO_LARGE',
    });
    // The stray keyword breaks the deflate data, as it would for pdf.js: what decodes before it is still counted.
    expect((await measurePdf(pageWith('/Filter /FlateDecode', fake), 64 * MB)).decodedBytes).toBeGreaterThan(0);
    const hex = Buffer.from(bomb.toString('hex') + '>');
    await expect(
      measurePdf(pageWith(`/Filter [/ASCIIHexDecode /FlateDecode] /Length ${hex.length}`, hex), 4 * MB),
    ).rejects.toMatchObject({ code: 'INGEST_PDF_DECODED_TOO_LARGE' });
  });

  it('reads the pixels an image declares, direct or by reference, without decoding it', async () => {
    expect((await measurePdf(hugeImagePdf(60_000, 60_000), 16 * MB)).largestImagePixels).toBe(3_600_000_000);
    const typed = await measurePdf(await makePdf(['ASSESSMENT: Essential hypertension.']), 16 * MB);
    expect(typed.largestImagePixels).toBe(0);
    expect(typed.decodedBytes).toBeGreaterThan(0);
  });
});

describe('hostile PDFs in a batch: each fails its own chart with its own code, and the batch goes on', async () => {
  const work = scratch('cc-hostile-');
  const input = path.join(work, 'in');
  const files: Record<string, Buffer> = {
    bomb: await streamBombPdf(16 * MB),
    'bomb-chained': await streamBombPdf(16 * MB, true),
    'huge-image': hugeImagePdf(60_000, 60_000),
    'pages-30000': manyPagesPdf(30_000),
    typed: await makePdf(['ASSESSMENT:\n1. Essential hypertension.']),
  };
  mkdirSync(input);
  for (const [id, bytes] of Object.entries(files)) writeFileSync(path.join(input, `${id}.pdf`), bytes);
  writeFileSync(path.join(input, 'note.txt'), 'ASSESSMENT:\n1. Type 2 diabetes mellitus without complications.\n');
  // The shipped outpatient pipeline with a smaller decoded-bytes limit, so the bombs stay small and quick to make.
  const shipped = JSON.parse(readFileSync(path.join(packageRoot, 'pipelines', 'outpatient.json'), 'utf8'));
  shipped.stages[0].options.maxDecodedBytes = 8 * MB;
  shipped.stages.find((s: { stage: string }) => s.stage === 'score-confidence').options.calibration = path.join(
    packageRoot,
    'pipelines',
    'calibration',
    'outpatient.json',
  );
  const pipeline = path.join(work, 'small-limits.json');
  writeFileSync(pipeline, JSON.stringify(shipped));
  const out = path.join(work, 'out');
  const r = await cli(['run', input, '--out', out, '--batch-id', 'h', '--pipeline', pipeline, '-w', '2', '-q']);
  const charts = Object.fromEntries(
    rows(path.join(out, 'h', 'charts.csv')).map((c) => [c.chart_id, [c.status, c.issue_codes]]),
  );

  it('lists every file once, the hostile ones failed with their limit and the others coded', () => {
    expect(r.code).toBe(2);
    expect(charts).toEqual({
      bomb: ['failed', 'INGEST_PDF_DECODED_TOO_LARGE'],
      'bomb-chained': ['failed', 'INGEST_PDF_DECODED_TOO_LARGE'],
      'huge-image': ['failed', 'INGEST_IMAGE_TOO_LARGE'],
      'pages-30000': ['failed', 'INGEST_PDF_TOO_MANY_PAGES'],
      typed: ['ok', ''],
      note: ['ok', ''],
    });
    const codes = rows(path.join(out, 'h', 'codes.csv')).map((c) => `${c.chart_id} ${c.code}`);
    expect(codes).toEqual(expect.arrayContaining(['note E11.9', 'typed I10']));
  });
});
