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
 * multiword terms, 500 under "transverse") costs a bounded amount per token.
 */
import type { Token } from '../contract/chart-record.js';
import { clausesOf } from './clauses.js';
import type { TermHit } from './term-hit.js';
import type { FlexWords } from './word-lists.js';

/** Other words a match of three or more content words may step over ("stage 3" inside "diabetes with stage 3 chronic kidney disease"). */
const MAX_GAP = 2;

function gapAllowed(size: number, inOrder: boolean): number {
  if (size >= 3) return MAX_GAP;
  return inOrder ? 1 : 0;
}

export interface FlexTerm {
  /** Distinct content words. */
  words: string[];
  /** The term carries a blocking word ("history of cancer"), so it steps over nothing. */
  strict: boolean;
  hits: TermHit[];
  /** The words joined, for a unit's duplicate check (built once, not per match). */
  key: string;
  /**
   * The anchor visit that last tried this term (see tryAnchor): a mark on the term instead of a list of
   * tried terms, which cost a linear search and a truncation per anchor in the hottest loop.
   */
  triedAt: number;
}

export interface FlexIndex {
  /** Terms by their rarest content word, then by their second rarest. */
  byAnchor: Map<string, Anchored>;
  /** A number for every second word: the lexicon gives each token its word's number with the same lookup as its anchor (lexicon.ts, Head). */
  wordIds: Map<string, number>;
  /** Scratch marks, one per word number: which second words the unit being searched holds (all 0 between units). */
  inUnit: Uint8Array;
  /** The linking and blocking words the index was built with. */
  words: FlexWords;
}

/** What findFlexible may be told of each token, from the one lookup the lexicon makes per token. */
export interface TokenHead {
  anchored?: Anchored;
  /** The word's number in FlexIndex.wordIds; absent: the word is no term's second word. */
  flexId?: number;
}

export interface Anchored {
  /** The anchor's terms by their second rarest word. */
  bySecond: Map<string, FlexTerm[]>;
  /**
   * The same as two parallel lists, for anchors with few second words (most have one or two): comparing a
   * word with two strings costs less than a Map lookup, and tryAnchor looks up every word near every anchor.
   */
  seconds: string[];
  lists: FlexTerm[][];
  /** The second words as numbers (FlexIndex.wordIds), compared with a token's number where one is known. */
  secondIds: number[];
  /** How far from the anchor the words of its terms may stand. */
  reach: number;
}

export interface FlexMatch {
  from: number;
  to: number;
  hits: TermHit[];
  /** Content words of the term: the match's weight against others. */
  size: number;
}

export function buildFlexIndex(terms: { words: string[]; hit: TermHit }[], flexWords: FlexWords): FlexIndex {
  const { link, block } = flexWords;
  const byKey = new Map<string, FlexTerm>();
  for (const t of terms) {
    // A blocking word that belongs to the term ("ketoacidosis without coma") is one of its words, met as such.
    const words = [...new Set(t.words.filter((w) => !link.has(w)))];
    if (words.length < 2) continue; // one word needs no order
    const key = [...words].sort().join(' ');
    const term = byKey.get(key) ?? {
      words,
      strict: words.some((w) => block.has(w)),
      hits: [],
      key: words.join(' '),
      triedAt: 0,
    };
    if (!term.hits.some((h) => h.system === t.hit.system && h.code === t.hit.code)) term.hits.push(t.hit);
    byKey.set(key, term);
  }
  const freq = new Map<string, number>();
  for (const t of byKey.values()) for (const w of t.words) freq.set(w, (freq.get(w) ?? 0) + 1);
  // Rarest first: the anchor is looked up at every token, the second word only near an anchor, so a
  // common anchor with hundreds of terms ("transverse" in the full index) costs a few lookups, not hundreds.
  const byAnchor = new Map<string, Anchored>();
  for (const t of byKey.values()) {
    const [anchor, second] = [...t.words].sort((a, b) => freq.get(a)! - freq.get(b)! || (a < b ? -1 : 1));
    const entry = byAnchor.get(anchor!) ?? {
      bySecond: new Map<string, FlexTerm[]>(),
      seconds: [],
      lists: [],
      secondIds: [],
      reach: 0,
    };
    entry.reach = Math.max(entry.reach, reachOf(t.words.length));
    const list = entry.bySecond.get(second!);
    if (list) list.push(t);
    else entry.bySecond.set(second!, [t]);
    byAnchor.set(anchor!, entry);
  }
  const wordIds = new Map<string, number>();
  for (const entry of byAnchor.values()) {
    entry.seconds = [...entry.bySecond.keys()];
    entry.lists = [...entry.bySecond.values()];
    entry.secondIds = entry.seconds.map((w) => wordIds.get(w) ?? wordIds.set(w, wordIds.size).get(w)!);
  }
  return { byAnchor, wordIds, inUnit: new Uint8Array(wordIds.size), words: flexWords };
}

/**
 * Whether the unit holds one of the anchor's second words anywhere (`inUnit` marked): when it holds none,
 * no term under the anchor can match, and the search around the anchor is skipped. Most anchors in a
 * chart ("no", "2", "right") stand in units without their terms' other words.
 */
function secondInUnit(entry: Anchored, inUnit: Uint8Array): boolean {
  if (entry.seconds.length > FEW_SECONDS) return true;
  const ids = entry.secondIds;
  for (let i = 0; i < ids.length; i++) if (inUnit[ids[i]!] === 1) return true;
  return false;
}

/** Mark (1) or clear (0) the second words of the unit's tokens in `inUnit`. */
function markSeconds(heads: (TokenHead | undefined)[], inUnit: Uint8Array, mark: 0 | 1): void {
  for (let k = 0; k < heads.length; k++) {
    const id = heads[k]?.flexId;
    if (id !== undefined) inUnit[id] = mark;
  }
}

/** Above this many second words an anchor's terms are looked up in its Map. */
const FEW_SECONDS = 6;

/** The anchor's terms whose second word is w. */
function termsBySecond(entry: Anchored, w: string): FlexTerm[] | undefined {
  const seconds = entry.seconds;
  if (seconds.length > FEW_SECONDS) return entry.bySecond.get(w);
  for (let i = 0; i < seconds.length; i++) if (seconds[i] === w) return entry.lists[i];
  return undefined;
}

/**
 * The anchor's terms whose second word token k is: by the word's number when the unit's heads are known
 * (comparing numbers, not strings, for every word near every anchor), else by the word.
 */
function termsAt(entry: Anchored, unit: Unit, k: number): FlexTerm[] | undefined {
  if (!unit.heads || entry.seconds.length > FEW_SECONDS) return termsBySecond(entry, unit.tokens[k]!.norm);
  const id = unit.heads[k]?.flexId;
  if (id === undefined) return undefined;
  const ids = entry.secondIds;
  for (let i = 0; i < ids.length; i++) if (ids[i] === id) return entry.lists[i];
  return undefined;
}

const reachOf = (words: number) => words + MAX_GAP + 3;

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
    const anchored = heads ? heads[at]?.anchored : index.byAnchor.get(tokens[at]!.norm);
    if (anchored && (!marked || secondInUnit(anchored, index.inUnit)))
      tryAnchor(anchored, at, (found ??= start(index.words, text, tokens, expansions, heads)));
    const xs = expansions.size ? expansions.get(at) : undefined;
    if (!xs) continue;
    for (const x of xs) {
      for (const w of x) {
        const e = index.byAnchor.get(w);
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

/** Numbers anchor visits, so a term's `triedAt` says whether this visit tried it (one thread: no races). */
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
  for (let k = at; k >= 0 && at - k <= reach && clause[k] === c; k--) tryTerms(termsAt(entry, unit, k), at, found, v);
  for (let k = at + 1; k < tokens.length && k - at <= reach && clause[k] === c; k++)
    tryTerms(termsAt(entry, unit, k), at, found, v);
  if (expansions.size) {
    for (const [k, xs] of expansions) {
      if (Math.abs(k - at) > reach || clause[k] !== c) continue;
      for (const x of xs) for (const w of x) tryTerms(termsBySecond(entry, w), at, found, v);
    }
  }
}

function tryTerms(terms: FlexTerm[] | undefined, at: number, found: Found, v: number): void {
  if (!terms) return;
  for (const term of terms) {
    if (term.triedAt === v) continue;
    term.triedAt = v;
    const m = matchAround(term, at, found.unit);
    if (!m) continue;
    const key = `${m.from}:${m.to}:${term.key}`;
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
