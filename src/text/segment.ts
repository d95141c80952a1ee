/**
 * Split text into units — sentences and list items — with offsets. Wrapped lines are joined when
 * the next line continues in lower case; clinical abbreviations ("65 y.o.", "Dr.", "b.i.d.") do not end
 * a sentence (the words are data: sentence-breaks.ts); inline numbered lists ("1. HTN 2. DM2") become one unit per item. A unit never runs past
 * MAX_UNIT characters (see cap-units.ts), so every later per-unit step costs a bounded amount and the
 * whole pass stays linear in the chart's length, even for a 5 MB note with no line ends or full stops.
 */
import type { TextRange } from '../contract/chart-record.js';
import { capUnit } from './cap-units.js';
import { shippedSentenceBreaks } from './sentence-breaks.js';

const LIST_START = /^[ \t]*(?:\d{1,2}[.)]|[-*\u2022\u25cf]|[a-h][.)])[ \t]+/;

/** How much of a block's end `continues` looks at: enough for the closing punctuation and spaces. */
const TAIL = 32;

/** `noBreak`: words that end with a period without ending the sentence (sentence-breaks.ts). */
export function segment(
  text: string,
  from = 0,
  to = text.length,
  noBreak: ReadonlySet<string> = shippedSentenceBreaks(),
): TextRange[] {
  const units: TextRange[] = [];
  for (const block of blocks(text, from, to)) splitSentences(text, block, units, noBreak);
  return units;
}

/** Lines, joined where a wrapped line continues; broken at blank lines, list items and page breaks. */
function blocks(text: string, from: number, to: number): TextRange[] {
  // Work on the range's own text: indexOf on the whole chart would run to the end of a long line once
  // per section, and a one-line chart with many inline headers would cost sections × length.
  const s = text.slice(from, to);
  const out: TextRange[] = [];
  let cur: TextRange | undefined;
  let pos = 0;
  while (pos < s.length) {
    let nl = s.indexOf('\n', pos);
    if (nl < 0) nl = s.length;
    const line = s.slice(pos, nl);
    const trimmed = line.trim();
    if (trimmed === '' || trimmed === '\f') {
      if (cur) out.push(cur);
      cur = undefined;
    } else if (cur && continues(text.slice(Math.max(cur.start, cur.end - TAIL), cur.end), line)) {
      // Only the block's tail: slicing the whole block per line would be quadratic in long paragraphs.
      cur.end = from + nl;
    } else {
      if (cur) out.push(cur);
      cur = { start: from + pos, end: from + nl };
    }
    pos = nl + 1;
  }
  if (cur) out.push(cur);
  return out.map(trim(text));
}

function continues(prevTail: string, line: string): boolean {
  if (LIST_START.test(line)) return false;
  if (/[.:;!?]\s*$/.test(prevTail)) return false;
  return /^[ \t]*[a-z(]/.test(line);
}

function splitSentences(text: string, block: TextRange, out: TextRange[], noBreak: ReadonlySet<string>): void {
  const s = text.slice(block.start, block.end);
  let start = 0;
  const boundary = /([.!?])[ \t\n]+(?=["'(]?[A-Z0-9])|[ \t]+(?=\d{1,2}[.)][ \t]+[A-Za-z])/g;
  for (let m = boundary.exec(s); m; m = boundary.exec(s)) {
    const cut = m.index + (m[1] ? 1 : 0);
    if (m[1] === '.' && !endsSentence(s, m.index, noBreak)) continue;
    // A list number follows a word (or ",;)"): look back a bounded stretch, not the whole block.
    if (!m[1] && !/[A-Za-z,;)]\w*$/.test(s.slice(Math.max(0, m.index - TAIL), m.index))) continue;
    push(out, block.start + start, block.start + cut, text);
    start = m.index + m[0].length;
  }
  push(out, block.start + start, block.end, text);
}

/** A period ends the sentence unless it closes a list number, a known abbreviation or an initial. */
function endsSentence(s: string, dot: number, noBreak: ReadonlySet<string>): boolean {
  if (/(?:^|\s)\d{1,2}$/.test(s.slice(Math.max(0, dot - 3), dot))) return false; // "2. DM2": a list number
  const before = /([A-Za-z.]+)$/.exec(s.slice(Math.max(0, dot - 12), dot));
  if (!before) return true;
  const word = before[1]!.toLowerCase().replace(/^\.+/, '');
  return !noBreak.has(word);
}

function push(out: TextRange[], start: number, end: number, text: string): void {
  const r = trim(text)({ start, end });
  if (r.end > r.start) capUnit(text, r, out);
}

function trim(text: string) {
  return (r: TextRange): TextRange => {
    let { start, end } = r;
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    return { start, end };
  };
}

/**
 * Exactly the characters /\s/ matches, by code: trimming tested a one-character string against a regex for
 * every character it stepped over, on every line and unit of every chart.
 */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
