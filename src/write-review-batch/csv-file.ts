/**
 * A CSV file as Excel wants it: UTF-8 with a BOM, CRLF line ends, formula escaping on so no cell ever
 * executes, owner-only permissions. Rows are encoded with `csvLines` (anywhere, e.g. in a worker thread)
 * and appended as text, so the thread that writes the file only moves bytes.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';

const FORMAT = { record_delimiter: 'windows', escape_formulas: true } as const;

/** CSV text of `rows` (no header), one CRLF-ended line per row. */
export function csvLines(rows: Record<string, string | number>[], columns: readonly string[]): string {
  return stringify(rows, { ...FORMAT, header: false, columns: [...columns] });
}

export class CsvFile {
  private readonly out: WriteStream;
  private readonly done: Promise<unknown>;

  constructor(file: string, private readonly columns: readonly string[]) {
    this.out = createWriteStream(file, { mode: 0o600 });
    this.done = once(this.out, 'finish');
    this.out.write(stringify([], { ...FORMAT, header: true, bom: true, columns: [...columns] }));
  }

  /** Appends lines made by `csvLines` with the same columns. */
  async append(lines: string): Promise<void> {
    if (!this.out.write(lines)) await once(this.out, 'drain');
  }

  async write(row: Record<string, string | number>): Promise<void> {
    await this.append(csvLines([row], this.columns));
  }

  async close(): Promise<void> {
    this.out.end();
    await this.done;
  }
}
