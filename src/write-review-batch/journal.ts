/**
 * The batch journal: one JSON line per chart written, in chart-id order, with the chart's totals and where
 * each output format's files ended after it. The files are written as the batch runs; the journal is what
 * makes them resumable after a crash or `kill -9`: a resume keeps the charts up to the last entry the files
 * on disk fully hold, cuts the files back to it and codes the rest. It is removed when the batch completes.
 */
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { ChartcoderError } from '../contract/errors.js';
import { BufferedWriter, CRASH_WINDOW_MS } from './buffered-writer.js';
import type { ChartTotals } from './encode-chart.js';

export const JOURNAL = 'journal.jsonl';

export interface JournalEntry extends ChartTotals {
  /** Format name → where that format's files ended after this chart (the format's own position type). */
  at: Record<string, unknown>;
}

/**
 * The entries of an interrupted batch in `dir`, up to the last one `holds` accepts (the files on disk
 * reach its positions); the journal is cut back to it. A torn last line (the crash came mid-write) goes too.
 */
export function keptEntries(dir: string, holds: (e: JournalEntry) => boolean): JournalEntry[] {
  const file = path.join(dir, JOURNAL);
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  lines.pop(); // after the last newline: empty, or a torn line
  const entries = lines.map((l) => readEntry(l, dir));
  let keep = entries.length;
  while (keep > 0 && !holds(entries[keep - 1]!)) keep--;
  const kept = entries.slice(0, keep);
  truncateSync(file, kept.reduce((n, _e, i) => n + Buffer.byteLength(lines[i]!) + 1, 0));
  return kept;
}

function readEntry(line: string, dir: string): JournalEntry {
  try {
    const e = JSON.parse(line) as Partial<JournalEntry>;
    if (typeof e.id === 'string' && typeof e.at === 'object' && e.at !== null) return e as JournalEntry;
  } catch {
    // reported below
  }
  throw new ChartcoderError('OUTPUT_EXISTS', 'the journal of this interrupted batch is unreadable (written by an earlier chartcoder, or damaged): remove the folder and run the batch again', dir);
}

export class JournalWriter {
  // Lines reach the disk within a fraction of a second: a kill loses at most that much finished work.
  private readonly out: BufferedWriter;

  constructor(dir: string) {
    this.out = new BufferedWriter(path.join(dir, JOURNAL), { append: true, maxDelayMs: CRASH_WINDOW_MS });
  }

  append(entry: JournalEntry): Promise<void> {
    return this.out.write(`${JSON.stringify(entry)}\n`);
  }

  close(): Promise<void> {
    return this.out.close();
  }
}
