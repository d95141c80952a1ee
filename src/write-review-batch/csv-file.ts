/**
 * A CSV file as Excel wants it: UTF-8 with a BOM, CRLF line ends, formula escaping so no cell ever
 * executes, owner-only permissions. Rows are encoded with `csvLines` (anywhere, e.g. in a worker thread)
 * and appended as text, so the thread that writes the file only moves bytes.
 *
 * csv-stringify does the RFC 4180 quoting. The formula escaping (OWASP "CSV injection") is ours and runs on
 * each cell first: a text cell that a spreadsheet would read as a formula — starting with = + - @, a tab or a
 * carriage return, or their full-width forms — gets a leading apostrophe, and a negative number stays a
 * number; a cell too long for a spreadsheet is cut. (csv-stringify's own `escape_formulas` would run after
 * the cut, so a cut cell could grow past the limit.) Its cost, measured against a hand-written encoder:
 * docs/benchmarks.md, "CSV encoding".
 */
import { stringify, type Options } from 'csv-stringify/sync';
import { BufferedWriter } from './buffered-writer.js';

const BOM = '\uFEFF';
/** First characters that make a spreadsheet cell a formula (the last four are full-width = + - @). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);
/** Excel's limit of characters in a cell, and what ends a cell cut to it. */
export const MAX_CELL = 32_767;
const CUT_MARK = ' [cut]';

/** One cell's text before quoting: numbers as written, text made safe to open and cut to a spreadsheet's limit. */
export function safeCell(value: string | number | undefined): string {
  if (value === undefined || value === '') return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.has(value[0]!) ? `'${value}` : value;
  // A spreadsheet cell holds at most 32,767 characters: a longer one would spill into the next row or be cut unseen.
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - CUT_MARK.length)}${CUT_MARK}` : text;
}

/**
 * Cells come already made safe, so csv-stringify only quotes: a cell holding a quote, a comma, or a CR or LF
 * alone (`quote_record_delimiter`: without it only a whole CRLF would be quoted).
 */
const FORMAT: Options = { record_delimiter: 'windows', quote_record_delimiter: true, eof: true, header: false };

/** CSV text of `rows` (no header), one CRLF-ended line per row, cells in `columns` order. */
export function csvLines(rows: Record<string, string | number>[], columns: readonly string[]): string {
  return stringify(
    rows.map((row) => columns.map((c) => safeCell(row[c]))),
    FORMAT,
  );
}

export class CsvFile {
  private readonly out: BufferedWriter;

  /** `append`: go on with a file that already has its header (a resumed batch); `maxDelayMs`: see BufferedWriter. */
  constructor(
    file: string,
    private readonly columns: readonly string[],
    opts: { append?: boolean; maxDelayMs?: number } = {},
  ) {
    this.out = new BufferedWriter(file, {
      append: opts.append ?? false,
      ...(opts.maxDelayMs !== undefined ? { maxDelayMs: opts.maxDelayMs } : {}),
    });
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
  return BOM + stringify([columns.map(safeCell)], FORMAT);
}
