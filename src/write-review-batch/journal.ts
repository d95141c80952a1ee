/**
 * The batch journal: one line per chart written, in chart-id order, with the chart's totals, the file it was
 * coded from (path, size, sha256) and where each output format's files ended after it (with their CRC-32).
 * The files are written as the batch runs; the journal is what makes them resumable after a crash, a power
 * cut or `kill -9`: a resume keeps the charts up to the first entry that is damaged, whose files on disk do not
 * hold its bytes, or whose input file changed since it was coded; it cuts the files back there and codes the
 * rest. Each line is `<CRC-32 of the JSON, 8 hex digits> <JSON>`. The journal is removed when the batch completes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { BufferedWriter } from './buffered-writer.js';
import { CRASH_WINDOW_MS } from '../batch/crash-window.js';
import type { ChartTotals, InputFile } from './encode-chart.js';
import { crc32 } from './file-checksum.js';

export const JOURNAL = 'journal.jsonl';

export interface JournalEntry extends ChartTotals {
  /** Format name → where that format's files ended after this chart (the format's own position type). */
  at: Record<string, unknown>;
}

export interface KeptJournal {
  /** The entries a resume keeps, in order. */
  kept: JournalEntry[];
  /** Charts written before the interruption whose input file changed or went missing since (coded again). */
  changedInputs: string[];
}

/**
 * The entries of an interrupted batch in `dir` a resume keeps: up to the first that is torn or damaged, that
 * `intact` (how many of the entries the output files hold byte for byte) does not cover, or whose input file no
 * longer has the size and sha256 it was coded from. The journal is cut back to them.
 */
export function keptEntries(dir: string, intact: (entries: JournalEntry[]) => number): KeptJournal {
  const file = path.join(dir, JOURNAL);
  if (!existsSync(file)) return { kept: [], changedInputs: [] };
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.pop(); // after the last newline: empty, or a torn line
  const entries: JournalEntry[] = [];
  for (const line of lines) {
    const e = readEntry(line);
    if (!e) break;
    entries.push(e);
  }
  // An encounter is kept or coded again as a whole: one changed document is enough.
  const changedIds = entries.map((e) => filesOf(e).flatMap(([id, input]) => (sameFile(input) ? [] : [id])));
  const changed = changedIds.map((ids) => ids.length > 0);
  const changedInputs = changedIds.flat();
  const firstChanged = changed.indexOf(true);
  const keep = Math.min(intact(entries), firstChanged < 0 ? entries.length : firstChanged);
  truncateSync(
    file,
    lines.slice(0, keep).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0),
  );
  return { kept: entries.slice(0, keep), changedInputs };
}

/** A journal line, or undefined when it is damaged (its CRC differs) or was written by an older chartcoder. */
function readEntry(line: string): JournalEntry | undefined {
  const m = /^([0-9a-f]{8}) (.*)$/s.exec(line);
  if (!m || Number.parseInt(m[1]!, 16) !== crc32(m[2]!)) return undefined;
  try {
    // A journal line, not a file for the one JSON reader: one that does not parse is the torn tail a crash left.
    const e = JSON.parse(m[2]!) as Partial<JournalEntry>;
    if (typeof e.id === 'string' && typeof e.at === 'object' && e.at !== null) return e as JournalEntry;
  } catch {
    // not an entry: the journal ends here
  }
  return undefined;
}

/** The input files an entry was coded from, by chart id (an encounter's documents, or the chart's own file). */
function filesOf(e: JournalEntry): [string, InputFile][] {
  if (e.documents) return e.documents.flatMap((d) => (d.input ? [[d.id, d.input] as [string, InputFile]] : []));
  return e.input ? [[e.id, e.input]] : [];
}

/** Whether the file at `input.path` still has the size and sha256 it was coded from (a missing file has not). */
function sameFile(input: InputFile): boolean {
  let bytes: Buffer;
  try {
    bytes = readFileSync(input.path);
  } catch {
    return false;
  }
  return bytes.length === input.bytes && createHash('sha256').update(bytes).digest('hex') === input.sha256;
}

export class JournalWriter {
  // Lines reach the disk within a fraction of a second: a kill loses at most that much finished work.
  private readonly out: BufferedWriter;

  constructor(dir: string) {
    this.out = new BufferedWriter(path.join(dir, JOURNAL), { append: true, maxDelayMs: CRASH_WINDOW_MS });
  }

  append(entry: JournalEntry): Promise<void> {
    const json = JSON.stringify(entry);
    return this.out.write(`${crc32(json).toString(16).padStart(8, '0')} ${json}\n`);
  }

  close(): Promise<void> {
    return this.out.close();
  }
}
