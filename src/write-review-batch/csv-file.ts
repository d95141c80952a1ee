/**
 * A CSV file as Excel wants it: UTF-8 with a BOM, CRLF line ends, formula escaping so no cell ever
 * executes, owner-only permissions. Rows are encoded with `csvLines` (anywhere, e.g. in a worker thread)
 * and appended as text, so the thread that writes the file only moves bytes.
 *
 * The encoding is RFC 4180 with one addition (OWASP "CSV injection"): a cell that a spreadsheet would
 * read as a formula — starting with = + - @, a tab or a carriage return, or their full-width forms — gets a
 * leading apostrophe; a negative number stays a number. Written here rather than through a general CSV
 * library: this runs for every row of every chart, and the general one was a twentieth of a worker's time.
 */
import { BufferedWriter } from './buffered-writer.js';

const BOM = '\uFEFF';
const EOL = '\r\n';
/** First characters that make a spreadsheet cell a formula (the last four are full-width = + - @). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);
const NEEDS_QUOTES = /[",\r\n]/;
/** Excel's limit of characters in a cell, and what ends a cell cut to it. */
export const MAX_CELL = 32_767;
const CUT_MARK = ' [cut]';

/** One cell: numbers as written, text escaped and quoted only when it must be. */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined || value === '') return '';
  if (typeof value === 'number') return String(value);
  let text = FORMULA_START.has(value[0]!) ? `'${value}` : value;
  // A spreadsheet cell holds at most 32,767 characters: a longer one would spill into the next row or be cut unseen.
  if (text.length > MAX_CELL) text = `${text.slice(0, MAX_CELL - CUT_MARK.length)}${CUT_MARK}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV text of `rows` (no header), one CRLF-ended line per row, cells in `columns` order. */
export function csvLines(rows: Record<string, string | number>[], columns: readonly string[]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) out += (i === 0 ? '' : ',') + csvCell(row[columns[i]!]);
    out += EOL;
  }
  return out;
}

export class CsvFile {
  private readonly out: BufferedWriter;

  /** `append`: go on with a file that already has its header (a resumed batch); `maxDelayMs`: see BufferedWriter. */
  constructor(file: string, private readonly columns: readonly string[], opts: { append?: boolean; maxDelayMs?: number } = {}) {
    this.out = new BufferedWriter(file, { append: opts.append ?? false, ...(opts.maxDelayMs !== undefined ? { maxDelayMs: opts.maxDelayMs } : {}) });
    if (!opts.append) void this.out.write(csvHeader(columns));
  }

  /** Appends lines made by `csvLines` with the same columns. */
  append(lines: string): Promise<void> {
    return this.out.write(lines);
  }

  async write(row: Record<string, string | number>): Promise<void> {
    await this.append(csvLines([row], this.columns));
  }

  close(): Promise<void> {
    return this.out.close();
  }
}

/** The first line of every CSV file of ours: BOM and column names. */
export function csvHeader(columns: readonly string[]): string {
  return BOM + columns.map(csvCell).join(',') + EOL;
}
