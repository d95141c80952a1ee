/**
 * ingest — read the chart file into normalized text and page ranges; scanned PDF pages and page images
 * (TIFF, PNG, JPEG) are read by OCR (option `ocr`), which also leaves each word's confidence in `ocr`.
 * Requires: id, source.path. Produces: source, text, pages, ocr (and issues for bad files).
 * Example: `notes/ov-1.txt` (UTF-16 with BOM, CRLF) → text with LF line ends, pages [{0, 1834}];
 * `fax/consult.tif` (2 pages) → OCR text, pages [{0, 2210}, {2213, 3904}], ocr.meanConfidence 93.1.
 */
import { z } from 'zod';
import type { ChartStage } from '../contract/stage.js';
import { IngestError } from './ingest-issue.js';
import { ocrOptions } from './ocr-options.js';
import { DEFAULT_MAX_CHARS, fromMemory, readChart } from './read-chart.js';
import { DEFAULT_MAX_DECODED_BYTES } from './pdf-budget.js';

const options = z
  .object({
    maxBytes: z
      .number()
      .int()
      .positive()
      .default(50 * 1024 * 1024),
    maxPages: z.number().int().positive().default(300),
    ocr: ocrOptions.default(ocrOptions.parse({})),
    /** Characters of decoded text: bounds what a file expands to (a compressed PDF, a UTF-16 file), not only its size. */
    maxChars: z.number().int().positive().default(DEFAULT_MAX_CHARS),
    /** Bytes a PDF's streams may decode to (INGEST_PDF_DECODED_TOO_LARGE): pdf.js's buffers live outside the worker's heap limit. */
    maxDecodedBytes: z.number().int().positive().default(DEFAULT_MAX_DECODED_BYTES),
  })
  .strict();

export const ingestStage: ChartStage<z.infer<typeof options>> = {
  kind: 'chart',
  name: 'ingest',
  perDocument: true,
  requires: [],
  produces: ['source', 'text', 'pages', 'ocr'],
  options,
  setup: (opts) => async (record) => {
    try {
      const chart = record.text
        ? fromMemory(record.source.path, record.text)
        : await readChart(record.source.path, opts);
      record.source = chart.source;
      record.text = chart.text;
      record.pages = chart.pages;
      if (chart.ocr) record.ocr = chart.ocr;
      for (const w of chart.warnings) record.issues.push({ stage: 'ingest', ...w });
    } catch (e) {
      if (!(e instanceof IngestError)) throw e;
      record.issues.push({ stage: 'ingest', code: e.code, severity: 'fatal', message: e.message });
    }
    return record;
  },
};
