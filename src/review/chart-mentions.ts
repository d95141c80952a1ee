/**
 * The mentions the pipeline found but did not code (negated, uncertain, hypothetical, family, historical, or
 * present but dropped by a guideline), read from the batch's codes.jsonl (written with `--format jsonl`):
 * coders must see what was left out, not only what was coded. codes.csv holds coded evidence only, so a batch
 * without codes.jsonl has none to show (the page says so). Like codes.csv, the file is indexed once (each
 * chart's line and byte range) and a chart's line is read only when the chart is opened.
 */
import { createReadStream } from 'node:fs';
import { readRange, type ChartEntry } from './chart-entry.js';
import type { UncodedMention } from './wire.js';

export type { UncodedMention };

/** A codes.jsonl line starts with its batch id, then its chart id (jsonl-line writes the keys in this order). */
const LINE_HEAD = /^\{"batch_id":"(?:[^"\\]|\\.)*","chart_id":("(?:[^"\\]|\\.)*")/;
/** Enough of a line to hold both ids. */
const HEAD_BYTES = 4096;

/** One pass over codes.jsonl: the byte range of each chart's line. */
export async function indexMentions(file: string, byId: Map<string, ChartEntry>): Promise<void> {
  let offset = 0;
  let lineStart = 0;
  let head: Buffer[] = [];
  let headBytes = 0;
  const endLine = (end: number) => {
    const m = LINE_HEAD.exec(Buffer.concat(head).toString('utf8'));
    const entry = m ? byId.get(JSON.parse(m[1]!) as string) : undefined;
    if (entry) entry.mentions = { file, start: lineStart, end };
    head = [];
    headBytes = 0;
    lineStart = end;
  };
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, from)) {
      if (headBytes < HEAD_BYTES) head.push(chunk.subarray(from, nl));
      endLine(offset + nl + 1);
      from = nl + 1;
    }
    if (from < chunk.length && headBytes < HEAD_BYTES) {
      head.push(chunk.subarray(from));
      headBytes += chunk.length - from;
    }
    offset += chunk.length;
  }
}

interface JsonlMention {
  start: number;
  end: number;
  kind: string;
  section: string;
  assertion: string;
  assertion_rule: string | null;
  term_codes: { system: string; code: string }[];
  coded: boolean;
}

/** The chart's mentions no code came from, in text order; undefined when the batch has no codes.jsonl. */
export function uncodedMentions(entry: ChartEntry): UncodedMention[] | undefined {
  if (!entry.mentions) return undefined;
  const line = JSON.parse(readRange(entry.mentions).toString('utf8')) as { mentions?: JsonlMention[] };
  return (line.mentions ?? [])
    .filter((m) => !m.coded)
    .map((m) => ({
      start: m.start,
      end: m.end,
      kind: m.kind,
      section: m.section,
      assertion: m.assertion,
      ...(m.assertion_rule ? { rule: m.assertion_rule } : {}),
      codes: m.term_codes.map((c) => c.code),
    }));
}
