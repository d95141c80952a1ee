/**
 * One append-only output file (codes.jsonl) that a resume cuts back to a journaled size. Like the CSV parts
 * it reaches the disk within the crash window, so a kill loses at most that much finished work.
 */
import { existsSync, statSync, truncateSync } from 'node:fs';
import { BufferedWriter, CRASH_WINDOW_MS } from './buffered-writer.js';

/** Where an append-only file ends: its size in bytes and its lines. */
export interface FilePosition {
  bytes: number;
  lines: number;
}

export class AppendFile {
  private readonly out: BufferedWriter;
  private readonly at: FilePosition;

  /** `from`: reopen an interrupted file there (cut back to it); otherwise start anew (an old file is emptied). */
  constructor(file: string, from?: FilePosition) {
    if (from) truncateSync(file, from.bytes);
    this.out = new BufferedWriter(file, { append: from !== undefined, maxDelayMs: CRASH_WINDOW_MS });
    this.at = from ? { ...from } : { bytes: 0, lines: 0 };
  }

  /** Appends `text` of `lines` lines, `bytes` long in UTF-8. */
  append(text: string, lines: number, bytes: number): Promise<void> {
    this.at.bytes += bytes;
    this.at.lines += lines;
    return this.out.write(text);
  }

  position(): FilePosition {
    return { ...this.at };
  }

  close(): Promise<void> {
    return this.out.close();
  }
}

/** Whether `file` holds everything up to `at`. */
export const fileReaches = (file: string, at: FilePosition): boolean => existsSync(file) && statSync(file).size >= at.bytes;
