/**
 * Bound the length of a unit. A "sentence" of thousands of characters is not a sentence — it is a
 * note without full stops or line ends (dictation run together, a PDF table flattened to one line) —
 * and no assertion trigger or attribute cue should reach across it. Capping units keeps every per-unit
 * step (matching, attributes, ConText scopes) bounded, so a chart costs time linear in its length.
 * Pieces are cut at whitespace, else at a non-word character, else hard (never inside a surrogate pair);
 * offsets stay exact and the pieces cover the unit without gaps other than the whitespace cut at.
 */
import type { TextRange } from '../contract/chart-record.js';

/** Longest unit in UTF-16 characters; real sentences, even long ones, stay far below it. */
export const MAX_UNIT = 1000;

/** Append `r` to `out`, cut into pieces of at most `max` characters. */
export function capUnit(text: string, r: TextRange, out: TextRange[], max = MAX_UNIT): void {
  let start = r.start;
  while (r.end - start > max) {
    const cut = cutPoint(text, start, start + max);
    out.push({ start, end: trimEnd(text, start, cut) });
    start = skipSpace(text, cut, r.end);
  }
  if (r.end > start) out.push({ start, end: r.end });
}

/** Best place to end a piece in (start, limit]: after the last whitespace run in its second half. */
function cutPoint(text: string, start: number, limit: number): number {
  const floor = start + Math.floor((limit - start) / 2);
  for (let i = limit; i > floor; i--) if (isSpace(text.charCodeAt(i))) return i;
  for (let i = limit; i > floor; i--)
    if (!isWordChar(text.charCodeAt(i - 1)) || !isWordChar(text.charCodeAt(i))) return i;
  const c = text.charCodeAt(limit);
  return c >= 0xdc00 && c <= 0xdfff ? limit - 1 : limit; // do not split a surrogate pair
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start + 1 && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

function skipSpace(text: string, at: number, end: number): number {
  while (at < end && isSpace(text.charCodeAt(at))) at++;
  return at;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 160;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f);
}
