/**
 * Reader of the CMS fixed-width order files (ICD-10-CM and ICD-10-PCS share the layout): order number
 * 1–5, code 7–13 (no dot), header/billable flag 15, short title 17–76, long title 78–end.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export interface OrderFileEntry {
  code: string;
  billable: boolean;
  shortTitle: string;
  title: string;
}

export function parseOrderFile(text: string): OrderFileEntry[] {
  const out: OrderFileEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    out.push({ code: line.slice(6, 13).trim(), billable: line[14] === '1', shortTitle: line.slice(16, 76).trim(), title: line.slice(77).trim() });
  }
  return out;
}

/** Reads a plain or gzipped order file. */
export function readOrderFile(file: string): OrderFileEntry[] {
  const buf = readFileSync(file);
  const raw = file.endsWith('.gz') ? gunzipSync(buf) : buf;
  return parseOrderFile(raw.toString('latin1'));
}
