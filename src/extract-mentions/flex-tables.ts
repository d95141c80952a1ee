/**
 * The flexible index (flexible-match.ts) frozen into typed arrays, and a thread's reader of them: built once per
 * run and shared by the worker threads (contract/shared-tables.ts). Each multiword term is a bag of content words,
 * indexed under its rarest word (the anchor), then its second rarest; words are numbers of the lexicon's term
 * vocabulary (word-trie.ts), hits numbers of its hit table (hit-table.ts). A thread makes anchors and terms into
 * objects the first time a unit needs them, and keeps its own scratch (the marks of tried terms and of a unit's
 * second words).
 */
import { sharedInt32, sharedUint8 } from '../contract/shared-tables.js';
import type { HitList } from './hit-table.js';
import type { TermHit } from './term-hit.js';
import type { FlexWords } from './word-lists.js';

/** Other words a match of three or more content words may step over ("stage 3" inside "diabetes with stage 3 chronic kidney disease"). */
export const MAX_GAP = 2;

/** How far from its anchor a term of this many words may reach. */
export const reachOf = (words: number) => words + MAX_GAP + 3;

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
export class FlexReader {
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
export function search(sorted: Int32Array, from: number, to: number, value: number): number {
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
