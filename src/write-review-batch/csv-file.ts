/**
 * A CSV file written row by row through csv-stringify: UTF-8 with a BOM and CRLF so Excel opens it
 * with the right characters, formula escaping on so no cell ever executes, owner-only permissions.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify, type Stringifier } from 'csv-stringify';

export class CsvFile {
  private readonly stringifier: Stringifier;
  private readonly out: WriteStream;
  private readonly done: Promise<unknown>;

  constructor(file: string, columns: readonly string[]) {
    this.out = createWriteStream(file, { mode: 0o600 });
    this.stringifier = stringify({ header: true, columns: [...columns], bom: true, record_delimiter: 'windows', escape_formulas: true });
    this.stringifier.pipe(this.out);
    this.done = once(this.out, 'finish');
  }

  async write(row: Record<string, string | number>): Promise<void> {
    if (!this.stringifier.write(row)) await once(this.stringifier, 'drain');
  }

  async close(): Promise<void> {
    this.stringifier.end();
    await this.done;
  }
}
