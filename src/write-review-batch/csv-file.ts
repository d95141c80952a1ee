/**
 * A CSV file as Excel wants it: UTF-8 with a BOM, CRLF line ends, formula escaping on so no cell ever
 * executes, owner-only permissions. Rows are encoded with `csvLines` (anywhere, e.g. in a worker thread)
 * and appended as text, so the thread that writes the file only moves bytes.
 */
import { stringify } from 'csv-stringify/sync';
import { BufferedWriter } from './buffered-writer.js';

const FORMAT = { record_delimiter: 'windows', escape_formulas: true } as const;

/** CSV text of `rows` (no header), one CRLF-ended line per row. */
export function csvLines(rows: Record<string, string | number>[], columns: readonly string[]): string {
  return stringify(rows, { ...FORMAT, header: false, columns: [...columns] });
}

export class CsvFile {
  private readonly out: BufferedWriter;

  constructor(file: string, private readonly columns: readonly string[]) {
    this.out = new BufferedWriter(file);
    void this.out.write(stringify([], { ...FORMAT, header: true, bom: true, columns: [...columns] }));
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
