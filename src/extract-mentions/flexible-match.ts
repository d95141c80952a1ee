/**
 * Multiword terms matched out of order and across small gaps: "diabetes mellitus type 2 with
 * peripheral neuropathy", "neuropathy due to type 2 diabetes" and "type 2 diabetes with diabetic
 * chronic kidney disease" all find their lexicon term. A term is a bag of content words (linking words
 * such as "with", "due to", "of" do not count; the word lists are data: word-lists.ts); a match is the tightest stretch of one clause holding
 * every content word, with few other words and none that changes the meaning (a negation, "history",
 * "or"). Two-word terms are the riskiest ("cold … sore" is not a cold sore): reversed, only linking words
 * may stand between them ("pain in chest"); in order, one modifier may ("old anterior MI"). Each term
 * is indexed under its rarest content word, then its second rarest; a unit is scanned for anchors, and
 * only terms whose second word stands near an anchor are tried, so even the full official index (120k
 * multiword terms, 500 under "transverse") costs a bounded amount per token. The index, frozen into tables the
 * worker threads share, is flex-tables.ts.
 */
import type { Token } from '../contract/chart-record.js';
import { clausesOf } from './clauses.js';
import type { TermHit } from './term-hit.js';
import type { FlexWords } from './word-lists.js';
import {
  MAX_GAP,
  reachOf,
  search,
  type Anchored,
  type FlexIndex,
  type FlexTerm,
  type TokenHead,
} from './flex-tables.js';

/** Other words a match may step over: MAX_GAP for three or more content words, fewer for two (see above). */
function gapAllowed(size: number, inOrder: boolean): number {
  if (size >= 3) return MAX_GAP;
  return inOrder ? 1 : 0;
}

export interface FlexMatch {
  from: number;
  to: number;
  hits: TermHit[];
  /** Content words of the term: the match's weight against others. */
  size: number;
}

/**
 * Whether the unit holds one of the anchor's second words anywhere (`inUnit` marked): when it holds none,
 * no term under the anchor can match, and the search around the anchor is skipped. Most anchors in a
 * chart ("no", "2", "right") stand in units without their terms' other words.
 */
function secondInUnit(entry: Anchored, inUnit: Uint8Array): boolean {
  if (entry.to - entry.from > FEW_SECONDS) return true;
  const ids = entry.reader.tables.secondWord;
  for (let i = entry.from; i < entry.to; i++) if (inUnit[ids[i]!] === 1) return true;
  return false;
}

/** Mark (1) or clear (0) the second words of the unit's tokens in `inUnit`. */
function markSeconds(heads: (TokenHead | undefined)[], inUnit: Uint8Array, mark: 0 | 1): void {
  for (let k = 0; k < heads.length; k++) {
    const id = heads[k]?.flexId;
    if (id !== undefined) inUnit[id] = mark;
  }
}

/** Above this many second words an anchor is tried wherever it stands (its second words are not checked first). */
const FEW_SECONDS = 6;

/** The anchor's second word numbered `word` (an index of the tables' secondWord), or -1. */
function secondOf(entry: Anchored, word: number | undefined): number {
  return word === undefined ? -1 : search(entry.reader.tables.secondWord, entry.from, entry.to, word);
}

/** The anchor's terms whose second word is w (an index of the tables' secondWord), or -1. */
function termsBySecond(entry: Anchored, w: string): number {
  return secondOf(entry, entry.reader.wordId(w));
}

/**
 * The anchor's terms whose second word token k is: by the word's number when the unit's heads are known
 * (the lexicon looked it up already), else by the word.
 */
function termsAt(entry: Anchored, unit: Unit, k: number): number {
  if (!unit.heads) return termsBySecond(entry, unit.tokens[k]!.norm);
  return secondOf(entry, unit.heads[k]?.flexId);
}

/**
 * Matches in one unit. Token i stands for its normal form and, when it opens a curated abbreviation,
 * for each of that abbreviation's expansions (`expansions.get(i)`).
 */
export function findFlexible(
  index: FlexIndex,
  text: string,
  tokens: Token[],
  expansions: Map<number, string[][]>,
  heads?: (TokenHead | undefined)[],
): FlexMatch[] {
  let found: Found | undefined; // allocated at the first anchor: most units need none of it
  // With heads and no abbreviation expansions (whose words are second words too), an anchor whose second
  // words are all absent from the unit is skipped.
  const marked = heads !== undefined && expansions.size === 0;
  if (marked) markSeconds(heads, index.inUnit, 1);
  for (let at = 0; at < tokens.length; at++) {
    // `heads`: each token's anchor entry, already looked up by the lexicon (lexicon.ts, Head).
    const anchored = heads ? heads[at]?.anchored : index.anchorOf(tokens[at]!.norm);
    if (anchored && (!marked || secondInUnit(anchored, index.inUnit)))
      tryAnchor(anchored, at, (found ??= start(index.words, text, tokens, expansions, heads)));
    const xs = expansions.size ? expansions.get(at) : undefined;
    if (!xs) continue;
    for (const x of xs) {
      for (const w of x) {
        const e = index.anchorOf(w);
        if (e) tryAnchor(e, at, (found ??= start(index.words, text, tokens, expansions, heads)));
      }
    }
  }
  if (marked) markSeconds(heads, index.inUnit, 0);
  return found?.out ?? NO_MATCHES;
}

const NO_MATCHES: FlexMatch[] = [];

/** One unit's search state. */
interface Found {
  unit: Unit;
  out: FlexMatch[];
  seen: Set<string>;
}

/** Numbers anchor visits, so a term's mark in `triedAt` says whether this visit tried it (one thread: no races). */
let visit = 0;

const start = (
  words: FlexWords,
  text: string,
  tokens: Token[],
  expansions: Map<number, string[][]>,
  heads: (TokenHead | undefined)[] | undefined,
): Found => ({
  unit: { tokens, expansions, clause: clausesOf(text, tokens), heads, words },
  out: [],
  seen: new Set(),
});

/**
 * The terms under one anchor occurrence whose second word stands near it, in its clause: the only ones
 * that can match here. Looking up the few words around the anchor costs less than any test of every term.
 */
function tryAnchor(entry: Anchored, at: number, found: Found): void {
  const unit = found.unit;
  const { tokens, expansions, clause } = unit;
  const v = ++visit;
  const c = clause[at];
  const reach = entry.reach;
  for (let k = at; k >= 0 && at - k <= reach && clause[k] === c; k--)
    tryTerms(entry, termsAt(entry, unit, k), at, found, v);
  for (let k = at + 1; k < tokens.length && k - at <= reach && clause[k] === c; k++)
    tryTerms(entry, termsAt(entry, unit, k), at, found, v);
  if (expansions.size) {
    for (const [k, xs] of expansions) {
      if (Math.abs(k - at) > reach || clause[k] !== c) continue;
      for (const x of xs) for (const w of x) tryTerms(entry, termsBySecond(entry, w), at, found, v);
    }
  }
}

/** The terms under second word `s` of the anchor (an index of the tables' secondWord; -1: none). */
function tryTerms(entry: Anchored, s: number, at: number, found: Found, v: number): void {
  if (s < 0) return;
  const reader = entry.reader;
  const { termStart, secondTerms } = reader.tables;
  const triedAt = reader.triedAt;
  for (let k = termStart[s]!; k < termStart[s + 1]!; k++) {
    const id = secondTerms[k]!;
    if (triedAt[id] === v) continue;
    triedAt[id] = v;
    const term = reader.term(id);
    const m = matchAround(term, at, found.unit);
    if (!m) continue;
    const key = `${m.from}:${m.to}:${id}`;
    if (found.seen.has(key)) continue;
    found.out.push(m);
    found.seen.add(key);
  }
}

interface Unit {
  tokens: Token[];
  expansions: Map<number, string[][]>;
  clause: number[];
  heads: (TokenHead | undefined)[] | undefined;
  words: FlexWords;
}

/** Whether token k stands for word w: as written, or through an abbreviation's expansion. */
function says(unit: Unit, k: number, w: string): boolean {
  if (unit.tokens[k]!.norm === w) return true;
  const xs = unit.expansions.size ? unit.expansions.get(k) : undefined;
  return xs !== undefined && xs.some((x) => x.includes(w));
}

/** The token nearest p, within `reach` and p's clause, that says w; -1 if none. Scans outward, so the cost is bounded. */
function nearest(unit: Unit, w: string, p: number, reach: number): number {
  const n = unit.tokens.length;
  const c = unit.clause[p];
  let up = true;
  let down = true;
  for (let d = 0; d <= reach && (up || down); d++) {
    if (down && p - d >= 0) {
      if (unit.clause[p - d] !== c) down = false;
      else if (says(unit, p - d, w)) return p - d;
    }
    if (up && d > 0 && p + d < n) {
      if (unit.clause[p + d] !== c) up = false;
      else if (says(unit, p + d, w)) return p + d;
    }
  }
  return -1;
}

function matchAround(term: FlexTerm, p: number, unit: Unit): FlexMatch | undefined {
  const { tokens, expansions } = unit;
  const reach = reachOf(term.words.length);
  let from = p;
  let to = p + 1;
  let inOrder = true;
  let prev = -1;
  for (const w of term.words) {
    const q = nearest(unit, w, p, reach);
    if (q < 0) return undefined;
    if (q < prev) inOrder = false;
    prev = q;
    if (q < from) from = q;
    if (q + 1 > to) to = q + 1;
  }
  // A term has a few words: a scan of them costs no more than a Set, and 120k Sets cost ~20 MB per thread.
  const wanted = term.words;
  let gap = 0;
  let termTokens = 0;
  for (let k = from; k < to; k++) {
    const norm = tokens[k]!.norm;
    const own = wanted.includes(norm);
    const xs = expansions.size ? expansions.get(k) : undefined;
    // An abbreviation counts only as a whole: "AKI" gives "injury" to no term but acute kidney injury.
    const viaExpansion = !own && xs !== undefined && xs.some((x) => x.some((w) => wanted.includes(w)));
    if (own || viaExpansion) {
      // A term word met twice means a tighter stretch holds the term: leave the match to it.
      if (++termTokens > term.words.length) return undefined;
      if (viaExpansion && !xs!.some((x) => x.every((w) => wanted.includes(w)))) return undefined;
      continue;
    }
    if (unit.words.block.has(norm)) return undefined;
    if (!unit.words.link.has(norm)) gap++;
  }
  // A term that carries a blocking word ("history of cancer") steps over nothing: "history of ovarian
  // cancer" is the more specific ovarian cancer, asserted historical, not a vaguer history code.
  const allowed = term.strict ? 0 : gapAllowed(term.words.length, inOrder);
  if (gap > allowed) return undefined;
  return { from, to, hits: term.hits, size: term.words.length };
}
