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
import { sharedInt32, sharedUint8 } from '../contract/shared-tables.js';
import type { HitList } from './hit-table.js';

/** Other words a match of three or more content words may step over ("stage 3" inside "diabetes with stage 3 chronic kidney disease"). */
const MAX_GAP = 2;

function gapAllowed(size: number, inOrder: boolean): number {
  if (size >= 3) return MAX_GAP;
  return inOrder ? 1 : 0;
}

export interface FlexTerm {
  /** Its number in the index: a unit's duplicate check and the thread's marks (triedAt) go by it. */
  id: number;
  /** Distinct content words. */
  words: string[];
  /** The term carries a blocking word ("history of cancer"), so it steps over nothing. */
  strict: boolean;
  hits: TermHit[];
}

/**
 * The index frozen into typed arrays (shareable between threads, contract/shared-tables.ts). Words are numbers
 * of the lexicon's term vocabulary (word-trie.ts), hits numbers of its hit table (hit-table.ts).
 */
export interface FlexTables {
  /** Anchor a is the word anchorWord[a] (sorted by number), its terms reach reach[a] tokens from it. */
  anchorWord: Int32Array;
  reach: Int32Array;
  /** Anchor a's second words are [secondStart[a], secondStart[a + 1]) of secondWord, sorted by number. */
  secondStart: Int32Array;
  secondWord: Int32Array;
  /** The terms under second word s are [termStart[s], termStart[s + 1]) of secondTerms (term numbers, in the order added). */
  termStart: Int32Array;
  secondTerms: Int32Array;
  /** Term t's content words are [wordStart[t], wordStart[t + 1]) of words; its hits likewise. */
  wordStart: Int32Array;
  words: Int32Array;
  strict: Uint8Array;
  hitStart: Int32Array;
  hits: Int32Array;
}

export interface FlexIndex {
  /** The terms anchored on the word (their rarest content word), if any. */
  anchorOf(word: string): Anchored | undefined;
  /** Every anchor, by word. */
  anchors(): Iterable<[string, Anchored]>;
  /**
   * Every second word and its number: the lexicon gives each token its word's number with the same lookup as its
   * anchor (lexicon.ts, Head).
   */
  secondWords(): Iterable<[string, number]>;
  /** Scratch marks, one per word number: which second words the unit being searched holds (all 0 between units). */
  inUnit: Uint8Array;
  /** The linking and blocking words the index was built with. */
  words: FlexWords;
}

/** What findFlexible may be told of each token, from the one lookup the lexicon makes per token. */
export interface TokenHead {
  anchored?: Anchored;
  /** The word's number; absent: the word is no term's second word. */
  flexId?: number;
}

export interface Anchored {
  /** How far from the anchor the words of its terms may stand. */
  reach: number;
  /** Its second words: [from, to) of the tables' secondWord. */
  from: number;
  to: number;
  reader: FlexReader;
}

export interface FlexMatch {
  from: number;
  to: number;
  hits: TermHit[];
  /** Content words of the term: the match's weight against others. */
  size: number;
}

interface BuildTerm {
  /** Its number: terms are numbered in the order added. */
  id: number;
  words: string[];
  strict: boolean;
  hits: number[];
}

/**
 * `terms`: each with its hit's number in the lexicon's hit table (hit-table.ts); `wordId`: the term vocabulary's
 * number of a word of the terms.
 */
export function buildFlexTables(
  terms: { words: string[]; hit: number }[],
  flexWords: FlexWords,
  wordId: (w: string) => number,
): FlexTables {
  const { link, block } = flexWords;
  const byKey = new Map<string, BuildTerm>();
  for (const t of terms) {
    // A blocking word that belongs to the term ("ketoacidosis without coma") is one of its words, met as such.
    const words = [...new Set(t.words.filter((w) => !link.has(w)))];
    if (words.length < 2) continue; // one word needs no order
    const key = [...words].sort().join(' ');
    const term = byKey.get(key) ?? { id: byKey.size, words, strict: words.some((w) => block.has(w)), hits: [] };
    if (!term.hits.includes(t.hit)) term.hits.push(t.hit);
    byKey.set(key, term);
  }
  const freq = new Map<string, number>();
  for (const t of byKey.values()) for (const w of t.words) freq.set(w, (freq.get(w) ?? 0) + 1);
  // Rarest first: the anchor is looked up at every token, the second word only near an anchor, so a
  // common anchor with hundreds of terms ("transverse" in the full index) costs a few lookups, not hundreds.
  const byAnchor = new Map<number, { reach: number; bySecond: Map<number, BuildTerm[]> }>();
  for (const t of byKey.values()) {
    const [anchor, second] = [...t.words].sort((a, b) => freq.get(a)! - freq.get(b)! || (a < b ? -1 : 1));
    const a = wordId(anchor!);
    const entry = byAnchor.get(a) ?? { reach: 0, bySecond: new Map<number, BuildTerm[]>() };
    entry.reach = Math.max(entry.reach, reachOf(t.words.length));
    const s = wordId(second!);
    const list = entry.bySecond.get(s);
    if (list) list.push(t);
    else entry.bySecond.set(s, [t]);
    byAnchor.set(a, entry);
  }
  return freezeFlex(byAnchor, [...byKey.values()], wordId);
}

/**
 * Anchors and second words sorted by number (for binary search), each second word's terms in the order added;
 * the terms' words and hits in term order, written in one pass over the terms as they were made.
 */
function freezeFlex(
  byAnchor: Map<number, { reach: number; bySecond: Map<number, BuildTerm[]> }>,
  terms: BuildTerm[],
  wordId: (w: string) => number,
): FlexTables {
  const anchorWord = [...byAnchor.keys()].sort((x, y) => x - y);
  const reach: number[] = [];
  const secondStart = [0];
  const secondWord: number[] = [];
  const termStart = [0];
  const secondTerms: number[] = [];
  for (const a of anchorWord) {
    const entry = byAnchor.get(a)!;
    reach.push(entry.reach);
    for (const s of [...entry.bySecond.keys()].sort((x, y) => x - y)) {
      secondWord.push(s);
      for (const t of entry.bySecond.get(s)!) secondTerms.push(t.id);
      termStart.push(secondTerms.length);
    }
    secondStart.push(secondWord.length);
  }
  const wordStart = [0];
  const words: number[] = [];
  const strict: number[] = [];
  const hitStart = [0];
  const hits: number[] = [];
  for (const t of terms) {
    for (const w of t.words) words.push(wordId(w));
    wordStart.push(words.length);
    strict.push(t.strict ? 1 : 0);
    for (const h of t.hits) hits.push(h);
    hitStart.push(hits.length);
  }
  return {
    anchorWord: sharedInt32(anchorWord),
    reach: sharedInt32(reach),
    secondStart: sharedInt32(secondStart),
    secondWord: sharedInt32(secondWord),
    termStart: sharedInt32(termStart),
    secondTerms: sharedInt32(secondTerms),
    wordStart: sharedInt32(wordStart),
    words: sharedInt32(words),
    strict: sharedUint8(strict),
    hitStart: sharedInt32(hitStart),
    hits: sharedInt32(hits),
  };
}

/**
 * A thread's reader of the frozen index: anchors and terms made into objects the first time a unit needs them,
 * and its own scratch (which terms an anchor visit tried, which second words a unit holds).
 */
class FlexReader {
  /** The anchor visit that last tried each term (see tryAnchor): a mark per term, not a list of tried terms. */
  readonly triedAt: Float64Array;
  private readonly terms: (FlexTerm | undefined)[];
  private readonly anchored: (Anchored | undefined)[];

  constructor(
    readonly tables: FlexTables,
    private readonly names: readonly string[],
    readonly wordId: (w: string) => number | undefined,
    private readonly hitList: HitList,
  ) {
    const count = tables.strict.length;
    this.triedAt = new Float64Array(count);
    this.terms = new Array<FlexTerm | undefined>(count);
    this.anchored = new Array<Anchored | undefined>(tables.anchorWord.length);
  }

  anchor(a: number): Anchored {
    const t = this.tables;
    return (this.anchored[a] ??= {
      reach: t.reach[a]!,
      from: t.secondStart[a]!,
      to: t.secondStart[a + 1]!,
      reader: this,
    });
  }

  /** The anchor on word number `word`, if any. */
  anchorOn(word: number): Anchored | undefined {
    const a = search(this.tables.anchorWord, 0, this.tables.anchorWord.length, word);
    return a < 0 ? undefined : this.anchor(a);
  }

  term(id: number): FlexTerm {
    return (this.terms[id] ??= this.makeTerm(id));
  }

  private makeTerm(id: number): FlexTerm {
    const t = this.tables;
    const words: string[] = [];
    for (let k = t.wordStart[id]!; k < t.wordStart[id + 1]!; k++) words.push(this.names[t.words[k]!]!);
    return {
      id,
      words,
      strict: t.strict[id] === 1,
      hits: this.hitList.list(t.hits, t.hitStart[id]!, t.hitStart[id + 1]!),
    };
  }

  wordOf(word: number): string {
    return this.names[word]!;
  }
}

/** Where `value` is in the sorted run [from, to) of `sorted`, or -1. */
function search(sorted: Int32Array, from: number, to: number, value: number): number {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * A thread's FlexIndex over frozen tables. `names` and `wordId`: the term vocabulary (word-trie.ts), whose
 * numbers the tables hold.
 */
export function attachFlex(
  tables: FlexTables,
  names: readonly string[],
  wordId: (w: string) => number | undefined,
  hitList: HitList,
  flexWords: FlexWords,
): FlexIndex {
  const reader = new FlexReader(tables, names, wordId, hitList);
  return {
    anchorOf(word) {
      const id = wordId(word);
      return id === undefined ? undefined : reader.anchorOn(id);
    },
    *anchors() {
      for (let a = 0; a < tables.anchorWord.length; a++) yield [reader.wordOf(tables.anchorWord[a]!), reader.anchor(a)];
    },
    *secondWords() {
      const seen = new Set<number>();
      for (const w of tables.secondWord) if (!seen.has(w) && seen.add(w)) yield [reader.wordOf(w), w];
    },
    inUnit: new Uint8Array(names.length),
    words: flexWords,
  };
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
