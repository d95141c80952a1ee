/**
 * One append-only output file (codes.jsonl) that a resume cuts back to a journaled size. Like the CSV parts
 * it reaches the disk within the crash window, so a kill loses at most that much finished work.
 */
import { truncateSync } from 'node:fs';
import { BufferedWriter } from './buffered-writer.js';
import { CRASH_WINDOW_MS } from '../batch/crash-window.js';
import { crc32, intactPrefix, PrefixCheck } from './file-checksum.js';

/** Where an append-only file ends: its size in bytes, its lines and the CRC-32 of those bytes. */
export interface FilePosition {
  bytes: number;
  lines: number;
  crc: number;
}

export class AppendFile {
  private readonly out: BufferedWriter;
  private readonly at: FilePosition;

  /** `from`: reopen an interrupted file there (cut back to it); otherwise start anew (an old file is emptied). */
  constructor(file: string, from?: FilePosition) {
    if (from) truncateSync(file, from.bytes);
    this.out = new BufferedWriter(file, { append: from !== undefined, maxDelayMs: CRASH_WINDOW_MS });
    this.at = from ? { ...from } : { bytes: 0, lines: 0, crc: 0 };
  }

  /** Appends `text` of `lines` lines, `bytes` long in UTF-8. */
  append(text: string, lines: number, bytes: number): Promise<void> {
    this.at.bytes += bytes;
    this.at.lines += lines;
    this.at.crc = crc32(text, this.at.crc);
    return this.out.write(text);
  }

  position(): FilePosition {
    return { ...this.at };
  }

  close(): Promise<void> {
    return this.out.close();
  }
}

/** How many of `kept` (in order) `file` holds byte for byte. */
export function intactFile(file: string, kept: readonly FilePosition[]): number {
  const check = new PrefixCheck(file);
  try {
    return intactPrefix(kept, (at) => check.holds(at.bytes, at.crc));
  } finally {
    check.close();
  }
}
