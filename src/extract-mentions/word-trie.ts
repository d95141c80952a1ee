/**
 * A token trie in flat typed arrays, for the lexicon (lexicon.ts). The official FY2026 store's 169k terms
 * (1.1 million words: ICD-10-PCS titles are long) make some 800k trie nodes; one Map per node cost ~240 MB
 * per worker thread, which is what kept two workers with the official store above 1 GB. Here words are numbered
 * once (the vocabulary is ~15k words), a node's children are a sorted run of word numbers found by binary
 * search, and only nodes that end a term hold hits (numbers into hit-table.ts). Build with `WordTrieBuilder`,
 * `freeze()` it into TrieTables (typed arrays on SharedArrayBuffers: built once, read by every worker thread),
 * and read them with `attachTrie`.
 */
import { readStrings, sharedInt32, stringTable, type StringTable } from '../contract/shared-tables.js';
import { HitsBuilder, type HitList } from './hit-table.js';
import type { TermHit } from './term-hit.js';

/** Node 0 is the root. */
export const ROOT = 0;
/** No node: the key is no child of the node (or no word of the trie). */
export const NONE = -1;

export interface WordTrie {
  /** The word's number, if any term holds the word. */
  wordId(key: string): number | undefined;
  /** The child of `node` along word number `word`, or NONE. */
  child(node: number, word: number): number;
  /** The child of `node` along `key`, or NONE. */
  childOf(node: number, key: string): number;
  hasChildren(node: number): boolean;
  hits(node: number): TermHit[] | undefined;
  /** Hits that count only when the match is the whole unit (bare-terms.ts, aloneOnly). */
  alone(node: number): TermHit[] | undefined;
  /** The root's children by word: `[word, node]`. */
  heads(): Iterable<[string, number]>;
  /** Every word of the trie, by number. */
  words(): readonly string[];
}

/** A frozen trie: shareable between threads (contract/shared-tables.ts). */
export interface TrieTables {
  /** Word number → word. */
  words: StringTable;
  /** Node i's children are [start[i], start[i + 1]) of childWord (sorted) and childNode. */
  start: Int32Array;
  childWord: Int32Array;
  childNode: Int32Array;
  /** Node i's hits are [hitStart[i], hitStart[i + 1]) of hits (hit numbers); the same for alone. */
  hitStart: Int32Array;
  hits: Int32Array;
  aloneStart: Int32Array;
  alone: Int32Array;
}

export class WordTrieBuilder {
  private readonly ids = new Map<string, number>();
  /**
   * Build-time children, dropped by freeze(): the root's by word number in a Map (it has thousands), every
   * other node's as a list (first child, next sibling; a few children each, a few hundred at most). Plain
   * arrays of small integers: a Map keyed by node and word needed a heap number per edge, 800k of them.
   */
  private readonly rootKids = new Map<number, number>();
  private readonly firstChild: number[] = [NONE];
  private readonly nextSibling: number[] = [NONE];
  private readonly wordOf: number[] = [NONE];
  private readonly hitsAt: (number[] | undefined)[] = [undefined];
  private readonly aloneAt: (number[] | undefined)[] = [undefined];

  /** `hits`: where the hits are numbered (one table for the lexicon's tries and flexible index). */
  constructor(private readonly hitIds = new HitsBuilder()) {}

  /** The word's number, if a term inserted so far holds it. */
  wordId(key: string): number | undefined {
    return this.ids.get(key);
  }

  /**
   * Adds a term's hit under `keys`; 1 if it was new, 0 if empty or already there. `hit`: a TermHit, or its number
   * in the builder's hit table already.
   */
  insert(keys: string[], hit: TermHit | number, alone = false): number {
    if (keys.length === 0) return 0;
    let node = ROOT;
    for (const k of keys) {
      let word = this.ids.get(k);
      if (word === undefined) this.ids.set(k, (word = this.ids.size));
      let next = node === ROOT ? (this.rootKids.get(word) ?? NONE) : this.firstChild[node]!;
      if (node !== ROOT) while (next !== NONE && this.wordOf[next] !== word) next = this.nextSibling[next]!;
      if (next === NONE) {
        next = this.wordOf.length;
        this.wordOf.push(word);
        this.firstChild.push(NONE);
        this.nextSibling.push(node === ROOT ? NONE : this.firstChild[node]!);
        if (node === ROOT) this.rootKids.set(word, next);
        else this.firstChild[node] = next;
        this.hitsAt.push(undefined);
        this.aloneAt.push(undefined);
      }
      node = next;
    }
    const at = alone ? this.aloneAt : this.hitsAt;
    const hits = (at[node] ??= []);
    // One trie holds one match type: the same number is the same system and code.
    const id = typeof hit === 'number' ? hit : this.hitIds.id(hit);
    if (hits.includes(id)) return 0;
    hits.push(id);
    return 1;
  }

  freeze(): TrieTables {
    const n = this.wordOf.length;
    const start = new Int32Array(n + 1);
    start[1] = this.rootKids.size;
    for (let i = 1; i < n; i++) {
      let count = 0;
      for (let c = this.firstChild[i]!; c !== NONE; c = this.nextSibling[c]!) count++;
      start[i + 1] = start[i]! + count;
    }
    const childWord = new Int32Array(start[n]!);
    const childNode = new Int32Array(start[n]!);
    let at = 0;
    for (const [word, child] of this.rootKids) {
      childWord[at] = word;
      childNode[at++] = child;
    }
    for (let i = 1; i < n; i++)
      for (let c = this.firstChild[i]!; c !== NONE; c = this.nextSibling[c]!) {
        childWord[at] = this.wordOf[c]!;
        childNode[at++] = c;
      }
    // Each node's children sorted by word number, for binary search.
    for (let i = 0; i < n; i++) sortRun(childWord, childNode, start[i]!, start[i + 1]!);
    const [hitStart, hits] = runs(this.hitsAt);
    const [aloneStart, alone] = runs(this.aloneAt);
    return {
      words: stringTable([...this.ids.keys()]),
      start: sharedInt32(start),
      childWord: sharedInt32(childWord),
      childNode: sharedInt32(childNode),
      hitStart,
      hits,
      aloneStart,
      alone,
    };
  }
}

/** Per-node lists as one array and each node's start in it. */
function runs(lists: (number[] | undefined)[]): [Int32Array, Int32Array] {
  const start = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) start[i + 1] = start[i]! + (lists[i]?.length ?? 0);
  const flat = new Int32Array(start[lists.length]!);
  for (let i = 0; i < lists.length; i++) if (lists[i]) flat.set(lists[i]!, start[i]!);
  return [sharedInt32(start), sharedInt32(flat)];
}

/**
 * A thread's reader of frozen tables: the words decoded and numbered in a Map (a few ms for the official
 * store's vocabulary), each node's hits made into TermHits the first time a match reaches it.
 */
export function attachTrie(tables: TrieTables, hitList: HitList): WordTrie {
  const { start, childWord, childNode, hitStart, hits: hitIds, aloneStart, alone: aloneIds } = tables;
  const names = readStrings(tables.words);
  const ids = new Map<string, number>();
  for (let i = 0; i < names.length; i++) ids.set(names[i]!, i);
  const madeHits = new Map<number, TermHit[]>();
  const madeAlone = new Map<number, TermHit[]>();
  const child = (node: number, word: number): number => {
    let lo = start[node]!;
    let hi = start[node + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const w = childWord[mid]!;
      if (w === word) return childNode[mid]!;
      if (w < word) lo = mid + 1;
      else hi = mid - 1;
    }
    return NONE;
  };
  const listAt = (at: Int32Array, ids: Int32Array, made: Map<number, TermHit[]>, node: number) => {
    const from = at[node]!;
    const to = at[node + 1]!;
    if (from === to) return undefined;
    let list = made.get(node);
    if (!list) made.set(node, (list = hitList.list(ids, from, to)));
    return list;
  };
  return {
    wordId: (key) => ids.get(key),
    child,
    childOf(node, key) {
      const word = ids.get(key);
      return word === undefined ? NONE : child(node, word);
    },
    hasChildren: (node) => start[node + 1]! > start[node]!,
    hits: (node) => listAt(hitStart, hitIds, madeHits, node),
    alone: (node) => listAt(aloneStart, aloneIds, madeAlone, node),
    *heads() {
      for (let k = start[ROOT]!; k < start[ROOT + 1]!; k++) yield [names[childWord[k]!]!, childNode[k]!];
    },
    words: () => names,
  };
}

/** Insertion sort of one node's children (most nodes have one or two; a few hundred at most below the root). */
function sortRun(words: Int32Array, nodes: Int32Array, from: number, to: number): void {
  if (to - from > 64) {
    const order = Array.from({ length: to - from }, (_, k) => from + k).sort((a, b) => words[a]! - words[b]!);
    const w = order.map((k) => words[k]!);
    const c = order.map((k) => nodes[k]!);
    words.set(w, from);
    nodes.set(c, from);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const w = words[i]!;
    const c = nodes[i]!;
    let j = i - 1;
    while (j >= from && words[j]! > w) {
      words[j + 1] = words[j]!;
      nodes[j + 1] = nodes[j]!;
      j--;
    }
    words[j + 1] = w;
    nodes[j + 1] = c;
  }
}
