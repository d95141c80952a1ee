/**
 * Word tokens with offsets. Letters and digits form tokens; everything else separates them,
 * so "s/p" is ["s", "p"] and "A-fib" is ["A", "fib"] on both the chart side and the lexicon side.
 */
export interface Token {
  /** The token as written. */
  raw: string;
  /** Lower case, plural and variant normalized: what lexicon terms are matched on. */
  norm: string;
  start: number;
  end: number;
}

/** Dotted abbreviations ("b.i.d.", "y.o.") are one token, so no term matches inside them. */
const WORD = /(?:[A-Za-z]\.){2,}(?![A-Za-z0-9])|[A-Za-z0-9\u00c0-\u024f]+/g;

/** Variants that mean the same in code terms ("type II" = "type 2"). */
const VARIANTS = new Map(Object.entries({ ii: '2', iii: '3', iv: '4', two: '2', one: '1', three: '3' })); // a Map: "constructor" is a word too

export function normalizeWord(word: string): string {
  let w = word.toLowerCase();
  if (w.includes('.')) w = w.replace(/\./g, '');
  const v = VARIANTS.get(w);
  if (v) return v;
  // Strip a plain plural so "stones" matches "stone"; keep -ss, -us, -is (abscess, lupus, sepsis)
  // and short words ("mets" must not become "met").
  if (w.length > 4 && w.charCodeAt(w.length - 1) === 115 /* s */ && !/(ss|us|is|ys|as)$/.test(w)) {
    return w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.slice(0, -1);
  }
  return w;
}

/** `norm: false` leaves `norm` empty, for callers that read only `raw` (assertion rules): half the cost. */
export function tokenize(text: string, from = 0, to = text.length, norm = true): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = from;
  for (let m = WORD.exec(text); m && m.index < to; m = WORD.exec(text)) {
    const end = Math.min(m.index + m[0].length, to);
    const raw = text.slice(m.index, end);
    out.push({ raw, norm: norm ? normalizeWord(raw) : '', start: m.index, end });
  }
  return out;
}
