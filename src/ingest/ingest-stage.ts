/**
 * ingest — read the chart file into normalized text and page ranges.
 * Requires: id, source.path. Produces: source, text, pages (and issues for bad files).
 * Example: `notes/ov-1.txt` (UTF-16 with BOM, CRLF) → text with LF line ends, pages [{0, 1834}].
 */
import { z } from 'zod';
import type { ChartStage } from '../contract/stage.js';
import { IngestError } from './ingest-issue.js';
import { DEFAULT_MAX_CHARS, fromMemory, readChart } from './read-chart.js';

const options = z
  .object({
    maxBytes: z.number().int().positive().default(50 * 1024 * 1024),
    maxPages: z.number().int().positive().default(300),
    /** Characters of decoded text: bounds what a file expands to (a compressed PDF, a UTF-16 file), not only its size. */
    maxChars: z.number().int().positive().default(DEFAULT_MAX_CHARS),
  })
  .strict();

export const ingestStage: ChartStage<z.infer<typeof options>> = {
  kind: 'chart',
  name: 'ingest',
  requires: [],
  produces: ['source', 'text', 'pages'],
  options,
  setup: (opts) => async (record) => {
    try {
      const chart = record.text ? fromMemory(record.source.path, record.text) : await readChart(record.source.path, opts);
      record.source = chart.source;
      record.text = chart.text;
      record.pages = chart.pages;
      for (const w of chart.warnings) record.issues.push({ stage: 'ingest', ...w });
    } catch (e) {
      if (!(e instanceof IngestError)) throw e;
      record.issues.push({ stage: 'ingest', code: e.code, severity: 'fatal', message: e.message });
    }
    return record;
  },
};
