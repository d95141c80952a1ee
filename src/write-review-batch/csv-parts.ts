/**
 * A CSV output split into parts of at most `maxRows` data rows, because Excel stops at 1,048,576 rows
 * and a coder must never open a silently cut file. One part is plain `codes.csv`; more are
 * `codes-0001.csv`, `codes-0002.csv`, … (the first is renamed at close so the names say which case it is).
 * A group of rows (one chart's codes) is never split across parts, unless the group alone is larger.
 */
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { CsvFile } from './csv-file.js';

/** Excel's row limit less the header and some room: the default part size. */
export const EXCEL_SAFE_ROWS = 1_000_000;

export const partName = (base: string, n: number) => `${base}-${String(n).padStart(4, '0')}.csv`;

export class CsvParts {
  private file: CsvFile;
  private rowsInPart = 0;
  private parts = 1;

  constructor(
    private readonly dir: string,
    private readonly base: string,
    private readonly columns: readonly string[],
    private readonly maxRows: number,
  ) {
    this.file = new CsvFile(path.join(dir, `${base}.csv`), columns);
  }

  /** One chart's rows, already encoded by `csvLines` (`count` lines). */
  async writeGroup(lines: string, count: number): Promise<void> {
    if (count === 0) return;
    if (this.rowsInPart > 0 && this.rowsInPart + count > this.maxRows) await this.nextPart();
    if (count <= this.maxRows - this.rowsInPart) {
      await this.file.append(lines);
      this.rowsInPart += count;
      return;
    }
    // One chart with more rows than a part holds: split it at line ends (CRLF never occurs inside a cell of ours).
    for (const line of lines.split(/(?<=\r\n)/)) {
      if (this.rowsInPart >= this.maxRows) await this.nextPart();
      await this.file.append(line);
      this.rowsInPart++;
    }
  }

  private async nextPart(): Promise<void> {
    await this.file.close();
    this.parts++;
    this.file = new CsvFile(path.join(this.dir, partName(this.base, this.parts)), this.columns);
    this.rowsInPart = 0;
  }

  /** Closes the last part; returns the file names in order. */
  async close(): Promise<string[]> {
    await this.file.close();
    if (this.parts === 1) return [`${this.base}.csv`];
    await rename(path.join(this.dir, `${this.base}.csv`), path.join(this.dir, partName(this.base, 1)));
    return Array.from({ length: this.parts }, (_, i) => partName(this.base, i + 1));
  }
}

/** The part files of `base` in a finished batch folder, in order (what CsvParts.close returned). */
export function partFiles(names: string[], base: string): string[] {
  if (names.includes(`${base}.csv`)) return [`${base}.csv`];
  const re = new RegExp(`^${base}-\\d{4}\\.csv$`);
  return names.filter((n) => re.test(n)).sort();
}
