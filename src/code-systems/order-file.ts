/**
 * Reader of the CMS fixed-width order files (ICD-10-CM and ICD-10-PCS share the layout): order number
 * 1–5, code 7–13 (no dot), header/billable flag 15, short title 17–76, long title 78–end.
 * Every line is checked: a malformed one is CODESET_PARSE_ERROR naming the file and line, so a
 * truncated or wrong file never becomes a code set with holes.
 * Example: `04416 E119    1 Type 2 diabetes mellitus without complications   Type 2 diabetes …`.
 */
import { parseError, readSourceText, splitLines } from './source-file.js';

export interface OrderFileEntry {
  code: string;
  billable: boolean;
  shortTitle: string;
  title: string;
}

const LINE = /^\d{5} ([A-Z0-9]{3,7}) *([01]) (.*)$/;

export function parseOrderFile(text: string, file = 'order file'): OrderFileEntry[] {
  const out: OrderFileEntry[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const m = LINE.exec(line);
    if (!m || line.length < 78 || line[13] !== ' ' || line[15] !== ' ') {
      throw parseError(
        file,
        i + 1,
        'an order-file line: order number (1-5), code (7-13), 0/1 flag (15), short title (17-76), long title (78-)',
        line,
      );
    }
    const title = line.slice(77).trim();
    if (title === '') throw parseError(file, i + 1, 'a long title from column 78', line);
    out.push({ code: m[1]!, billable: m[2] === '1', shortTitle: line.slice(16, 76).trim(), title });
  }
  return out;
}

/** Reads a plain or gzipped order file. */
export function readOrderFile(file: string): OrderFileEntry[] {
  return parseOrderFile(readSourceText(file, 'latin1'), file);
}
