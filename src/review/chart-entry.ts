/**
 * One chart of a batch as the review index keeps it (batch-index.ts): what the work list shows and filters on, and
 * where its rows and its codes.jsonl line are; and the reading of such a byte range. In a file of its own so that
 * the index and the modules it uses (chart-mentions.ts, index-cache.ts) do not import each other.
 */
import { closeSync, openSync, readSync } from 'node:fs';

export interface ChartEntry {
  id: string;
  path: string;
  kind: string;
  sha256: string;
  encounterType: string;
  dateOfService: string;
  status: 'ok' | 'failed';
  issueCodes: string[];
  /** charts.csv `document_type` (from the input manifest, else detected by sectionize); empty in older batches. */
  documentType: string;
  /** What OCR read, as charts.csv says (`ocr_pages` "1; 3", `ocr_confidence` "91.2"); empty strings for typed charts. */
  ocr: { pages: string; confidence: string };
  priority: number;
  codes: number;
  review: number;
  hcc: number;
  /** Flag reasons on its rows, without their detail (`query_provider`, not `query_provider:laterality`). */
  flags: string[];
  /** Where its rows are: file, its header's columns and [start, end) bytes; absent when it has none. */
  rows?: { file: string; columns: string[]; start: number; end: number };
  /** Where its line is in codes.jsonl (its mentions, coded or not); absent when the batch has no codes.jsonl. */
  mentions?: { file: string; start: number; end: number };
}

/** The bytes [start, end) of a batch file: one chart's part of it. */
export function readRange({ file, start, end }: { file: string; start: number; end: number }): Buffer {
  const buf = Buffer.alloc(end - start);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, start);
  } finally {
    closeSync(fd);
  }
  return buf;
}
