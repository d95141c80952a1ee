/**
 * The text format (`--format csv,text`): `text/<chart id>.json`, the chart's normalized text and page ranges
 * exactly as the batch coded them, so the review page shows a chart without reading its file again (pdf.js
 * takes seconds on a 300-page PDF, OCR seconds a page) and its evidence offsets point at the same words by
 * construction. An encounter writes one file per document (its own text and pages, as charts.csv lists it); a
 * failed chart or document has none. The text is PHI: files owner-only (0600) in an owner-only folder, inside
 * the batch folder, never in a log. Written and resumed as fhir/ is (chart-files): whole before the chart's
 * journal entry, kept on resume only with the journaled size and CRC-32 of every file of the chart.
 * Example: {"v":1,"chart_id":"ov-17","sha256":"ab…","pages":[[0,2210],[2210,4301]],"text":"…"}
 */
import { Buffer } from 'node:buffer';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syncToDisk } from '../batch/batch-folder.js';
import { documentFailed, hasFatal, type ChartRecord, type TextRange } from '../contract/chart-record.js';
import { chartFileName, holdsFile, keepOnly, type ChartFilePosition } from './chart-files.js';
import { crc32, intactPrefix } from './file-checksum.js';
import type { OutputFormat } from './output-format.js';

export const TEXT_DIR = 'text';

/** One file of text/ as written (and as the review page reads it back). */
export interface ChartTextFile {
  v: 1;
  chart_id: string;
  /** The chart file's sha256 as the batch read it (charts.csv `sha256`). */
  sha256: string;
  /** [start, end) of each page in `text`. */
  pages: [number, number][];
  text: string;
}

interface TextFiles {
  files: { file: string; text: string; bytes: number }[];
}

/** The file of a chart (or of a document of an encounter) in text/. */
export const textFileName = (chartId: string): string => chartFileName(TEXT_DIR, chartId);

function fileOf(id: string, sha256: string, text: string, pages: TextRange[], by = 0) {
  const body: ChartTextFile = {
    v: 1,
    chart_id: id,
    sha256,
    pages: pages.map((p) => [p.start - by, p.end - by]),
    text,
  };
  const json = `${JSON.stringify(body)}\n`;
  return { file: textFileName(id), text: json, bytes: Buffer.byteLength(json) };
}

/** The texts one record holds: itself, or each read document of its encounter. */
function textsOf(r: ChartRecord): TextFiles {
  if (!r.documents) return { files: hasFatal(r) ? [] : [fileOf(r.id, r.source.sha256, r.text, r.pages)] };
  const files = r.documents
    .filter((d) => !documentFailed(r, d))
    .map((d) =>
      fileOf(
        d.id,
        d.source.sha256,
        r.text.slice(d.range.start, d.range.end),
        r.pages.slice(d.firstPage, d.firstPage + d.pages),
        d.range.start,
      ),
    );
  return { files };
}

export const textFormat: OutputFormat<TextFiles, ChartFilePosition[]> = {
  name: 'text',
  encode: (record) => textsOf(record),
  intact: (dir, kept) => intactPrefix(kept, (at) => at.every((p) => holdsFile(path.join(dir, p.file), p))),
  open(dir, _opts, kept) {
    const files = kept.flatMap((at) => at.map((p) => p.file));
    keepOnly(dir, TEXT_DIR, new Set(files));
    let last: ChartFilePosition[] = [];
    return {
      async write(chart) {
        last = [];
        for (const f of chart.files) {
          await writeFile(path.join(dir, f.file), f.text, { mode: 0o600 });
          files.push(f.file);
          last.push({ file: f.file, bytes: f.bytes, crc: crc32(f.text) });
        }
      },
      position: () => last,
      async close() {
        for (const f of [...files, TEXT_DIR]) await syncToDisk(path.join(dir, f));
        return { text: files };
      },
      // Each file is written whole and closed at once: nothing is left open.
      abandon: async () => undefined,
    };
  },
};
