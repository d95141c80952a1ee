/**
 * A CSV output split into parts of at most `maxRows` data rows, because Excel stops at 1,048,576 rows
 * and a coder must never open a silently cut file. One part is plain `codes.csv`; more are
 * `codes-0001.csv`, `codes-0002.csv`, … (the first is renamed at close so the names say which case it is).
 * A group of rows (one chart's codes) is never split across parts, unless the group alone is larger.
 * `position()` says where the output ends (part, bytes, rows); a resumed batch reopens it there, cutting
 * whatever a crash left after it.
 */
import { Buffer } from 'node:buffer';
import { readdirSync, rmSync, truncateSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { CRASH_WINDOW_MS } from '../batch/crash-window.js';
import { CsvFile, csvHeader } from './csv-file.js';
import { crc32, intactPrefix, PrefixCheck } from './file-checksum.js';

/** Excel's row limit less the header and some room: the default part size. */
export const EXCEL_SAFE_ROWS = 1_000_000;

export const partName = (base: string, n: number) => `${base}-${String(n).padStart(4, '0')}.csv`;

/** Where a CSV output ends: its last part (1-based), that part's size in bytes, its data rows and the CRC-32 of those bytes. */
export interface PartPosition {
  part: number;
  bytes: number;
  rows: number;
  crc: number;
}

/** The file of part `n` while the batch is being written (the first is renamed only at close). */
const fileOf = (dir: string, base: string, n: number) => path.join(dir, n === 1 ? `${base}.csv` : partName(base, n));

/**
 * How many of `kept` (in order) the output of `base` in `dir` holds byte for byte: a crash may have cut a part
 * short, a power cut zero-filled its tail. Each part is read once. The first part must be there under its
 * working name: a crash inside `close` may have renamed it already, and then nothing is kept.
 */
export function intactParts(dir: string, base: string, kept: readonly PartPosition[]): number {
  const first = new PrefixCheck(fileOf(dir, base, 1));
  let part = 1;
  let check = first;
  try {
    return intactPrefix(kept, (at) => {
      if (at.part !== part) {
        if (check !== first) check.close();
        part = at.part;
        check = new PrefixCheck(fileOf(dir, base, part));
      }
      return first.opened() && check.holds(at.bytes, at.crc);
    });
  } finally {
    check.close();
    first.close();
  }
}

export class CsvParts {
  private file: CsvFile;
  private at: PartPosition;
  /** Bytes of a part before its first row (BOM and header), and their CRC-32. */
  private readonly headerBytes: number;
  private readonly headerCrc: number;

  /** `from`: reopen an interrupted output there (cut back to it, later parts removed); otherwise start anew. */
  constructor(
    private readonly dir: string,
    private readonly base: string,
    private readonly columns: readonly string[],
    private readonly maxRows: number,
    from?: PartPosition,
  ) {
    this.headerBytes = Buffer.byteLength(csvHeader(columns));
    this.headerCrc = crc32(csvHeader(columns));
    this.removeParts(from?.part ?? 0);
    if (from) {
      truncateSync(fileOf(dir, base, from.part), from.bytes);
      this.file = new CsvFile(fileOf(dir, base, from.part), columns, { append: true, maxDelayMs: CRASH_WINDOW_MS });
      this.at = { ...from };
    } else {
      this.file = new CsvFile(fileOf(dir, base, 1), columns, { maxDelayMs: CRASH_WINDOW_MS });
      this.at = { part: 1, bytes: this.headerBytes, rows: 0, crc: this.headerCrc };
    }
  }

  position(): PartPosition {
    return { ...this.at };
  }

  /** One chart's rows, already encoded by `csvLines`: `count` lines, `bytes` long in UTF-8. */
  async writeGroup(lines: string, count: number, bytes: number): Promise<void> {
    if (count === 0) return;
    if (this.at.rows > 0 && this.at.rows + count > this.maxRows) await this.nextPart();
    if (count <= this.maxRows - this.at.rows) {
      await this.append(lines, count, bytes);
      return;
    }
    // One chart with more rows than a part holds: split it at line ends (CRLF never occurs inside a cell of ours).
    for (const line of lines.split(/(?<=\r\n)/)) {
      if (this.at.rows >= this.maxRows) await this.nextPart();
      await this.append(line, 1, Buffer.byteLength(line));
    }
  }

  private async append(lines: string, count: number, bytes: number): Promise<void> {
    await this.file.append(lines);
    this.at.rows += count;
    this.at.bytes += bytes;
    this.at.crc = crc32(lines, this.at.crc);
  }

  private async nextPart(): Promise<void> {
    await this.file.close();
    this.at = { part: this.at.part + 1, bytes: this.headerBytes, rows: 0, crc: this.headerCrc };
    this.file = new CsvFile(fileOf(this.dir, this.base, this.at.part), this.columns, { maxDelayMs: CRASH_WINDOW_MS });
  }

  /** Parts after `last` left by an interrupted run (all of them for 0). */
  private removeParts(last: number): void {
    const re = new RegExp(`^${this.base}(?:-(\\d{4}))?\\.csv$`);
    for (const name of readdirSync(this.dir)) {
      const m = re.exec(name);
      if (m && Number(m[1] ?? 1) > last) rmSync(path.join(this.dir, name), { force: true });
    }
  }

  /** Closes the part being written as it stands (a failed run: no renaming, `--resume` reads it as it is). */
  abandon(): Promise<void> {
    return this.file.close();
  }

  /** Closes the last part; returns the file names in order. */
  async close(): Promise<string[]> {
    await this.file.close();
    if (this.at.part === 1) return [`${this.base}.csv`];
    await rename(fileOf(this.dir, this.base, 1), path.join(this.dir, partName(this.base, 1)));
    return Array.from({ length: this.at.part }, (_, i) => partName(this.base, i + 1));
  }
}

/** The part files of `base` in a finished batch folder, in order (what CsvParts.close returned). */
export function partFiles(names: string[], base: string): string[] {
  if (names.includes(`${base}.csv`)) return [`${base}.csv`];
  const re = new RegExp(`^${base}-\\d{4}\\.csv$`);
  return names.filter((n) => re.test(n)).sort();
}
