/**
 * Word tokens with offsets. Letters and digits form tokens; everything else separates them,
 * so "s/p" is ["s", "p"] and "A-fib" is ["A", "fib"] on both the chart side and the lexicon side.
 */
import type { Token } from '../contract/chart-record.js';

/**
 * A token is what `/(?:[A-Za-z]\.){2,}(?![A-Za-z0-9])|[A-Za-z0-9\u00c0-\u024f]+/g` finds: dotted
 * abbreviations ("b.i.d.", "y.o.") are one token, so no term matches inside them. `tokenize` scans for it by
 * character code; test/text/tokenize.test.ts checks the scan against the regex.
 */

/** -ss, -us, -is, -ys, -as: the letter before a final s that keeps it. */
const KEEP_BEFORE_S = new Set([115, 117, 105, 121, 97]);

/** Variants that mean the same in code terms ("type II" = "type 2"). */
const VARIANTS = new Map(Object.entries({ ii: '2', iii: '3', iv: '4', two: '2', one: '1', three: '3' })); // a Map: "constructor" is a word too

/** Variants are short words with few first letters: other words skip the Map lookup (this runs per token). */
const MAX_VARIANT = Math.max(...[...VARIANTS.keys()].map((k) => k.length));
const VARIANT_FIRST = new Set([...VARIANTS.keys()].map((k) => k.charCodeAt(0)));
const mayBeVariant = (w: string) => w.length <= MAX_VARIANT && VARIANT_FIRST.has(w.charCodeAt(0));

export function normalizeWord(word: string): string {
  let w = word.toLowerCase();
  if (w.includes('.')) w = w.replace(/\./g, '');
  const v = mayBeVariant(w) ? VARIANTS.get(w) : undefined;
  if (v) return v;
  // Strip a plain plural so "stones" matches "stone"; keep -ss, -us, -is (abscess, lupus, sepsis)
  // and short words ("mets" must not become "met").
  if (w.length > 4 && w.charCodeAt(w.length - 1) === 115 /* s */ && !KEEP_BEFORE_S.has(w.charCodeAt(w.length - 2))) {
    return w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.slice(0, -1);
  }
  return w;
}

/** `norm: false` leaves `norm` empty, for callers that read only `raw` (assertion rules): half the cost. */
export function tokenize(text: string, from = 0, to = text.length, norm = true): Token[] {
  const out: Token[] = [];
  // A scan by character code, not the regex: the regex was a fifth of extract-mentions, and this runs
  // over every character of every chart.
  const n = text.length;
  let p = from;
  while (p < to) {
    const c = text.charCodeAt(p);
    if (!isWordChar(c)) {
      p++;
      continue;
    }
    // A word is cut at `to` anyway: scanning past it made a chart of one endless word quadratic (each
    // 1,000-character unit scanned to the end of the word). A dotted run may look a little further.
    let end = isAsciiLetter(c) ? dottedEnd(text, p, Math.min(n, to + 64)) : -1;
    if (end < 0) {
      end = p + 1;
      while (end < to && isWordChar(text.charCodeAt(end))) end++;
    }
    const stop = end < to ? end : to;
    const raw = text.slice(p, stop);
    out.push({ raw, norm: norm ? normalizeWord(raw) : '', start: p, end: stop });
    p = end;
  }
  return out;
}

/** [A-Za-z0-9\u00c0-\u024f] */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c >= 0xc0 && c <= 0x24f);
}

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/**
 * End of a dotted abbreviation at p — `(?:[A-Za-z]\.){2,}(?![A-Za-z0-9])` — or -1. Backtracking to fewer
 * pairs never helps: the character after a shorter run is the next pair's letter, which the lookahead refuses.
 */
function dottedEnd(text: string, p: number, n: number): number {
  let q = p;
  let pairs = 0;
  while (q + 1 < n && isAsciiLetter(text.charCodeAt(q)) && text.charCodeAt(q + 1) === 46 /* . */) {
    q += 2;
    pairs++;
  }
  if (pairs < 2) return -1;
  if (q < n) {
    const c = text.charCodeAt(q);
    if (isAsciiLetter(c) || (c >= 48 && c <= 57)) return -1;
  }
  return q;
}
