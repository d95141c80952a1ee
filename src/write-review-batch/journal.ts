/**
 * The batch journal: one JSON line per finished chart (the sink's encoding of it), appended in chart-id order while the batch
 * runs. It is what makes a batch resumable after a crash or `kill -9` (the charts already in it are not
 * redone) and what the CSV files are written from at the end, one line at a time, so memory stays flat
 * whatever the batch size. A torn last line (the crash came mid-write) is cut off on resume.
 */
import { createReadStream, existsSync, readFileSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { BufferedWriter } from './buffered-writer.js';

export const JOURNAL = 'journal.jsonl';

/** Ids of the charts already journaled in `dir`, after cutting any torn last line. */
export function journaledIds(dir: string): Set<string> {
  const file = path.join(dir, JOURNAL);
  if (!existsSync(file)) return new Set();
  const buf = readFileSync(file);
  const end = buf.lastIndexOf(0x0a) + 1;
  if (end < buf.length) truncateSync(file, end);
  const ids = new Set<string>();
  for (const line of buf.subarray(0, end).toString('utf8').split('\n')) {
    if (line) ids.add((JSON.parse(line) as { id: string }).id);
  }
  return ids;
}

export class JournalWriter {
  // Lines reach the disk within a fraction of a second: a kill loses at most that much finished work.
  private readonly out: BufferedWriter;

  constructor(dir: string) {
    this.out = new BufferedWriter(path.join(dir, JOURNAL), { append: true, maxDelayMs: 250 });
  }

  /** `line` is one chart's JSON (no newlines: JSON.stringify escapes them). */
  append(line: string): Promise<void> {
    return this.out.write(`${line}\n`);
  }

  close(): Promise<void> {
    return this.out.close();
  }
}

/** Every journaled entry, in order, read line by line. */
export async function* readJournal<T extends { id: string }>(dir: string): AsyncGenerator<T> {
  const file = path.join(dir, JOURNAL);
  if (!existsSync(file)) return;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as T;
}
