/**
 * The review server's chart-reading thread: reads one chart file at a time with ingest's own `readChart`
 * (pdf.js and OCR run here, not on the server's thread, so the page's other requests are answered while a
 * 300-page PDF is read). Replies carry the text, pages, sha256 and OCR summary, or an error code only
 * (an error message never holds chart text).
 */
import { parentPort } from 'node:worker_threads';
import { IngestError } from '../ingest/ingest-issue.js';
import { readChart } from '../ingest/read-chart.js';
import type { ReadReply, ReadRequest } from './chart-reader.js';

const port = parentPort!;
port.on('message', (m: ReadRequest) => {
  readChart(m.path, m.limits).then(
    (c): void =>
      port.postMessage({
        id: m.id,
        chart: {
          text: c.text,
          pages: c.pages,
          sha256: c.source.sha256,
          ...(c.ocr ? { ocr: { pages: c.ocr.pages, meanConfidence: c.ocr.meanConfidence } } : {}),
        },
      } satisfies ReadReply),
    (e: unknown): void =>
      port.postMessage({
        id: m.id,
        error: e instanceof IngestError ? e.code : `unexpected ${(e as Error)?.name ?? 'error'}`,
      } satisfies ReadReply),
  );
});
