/**
 * A token trie over every term and abbreviation of the loaded code systems. Terms are matched on
 * normalized tokens (case-insensitive, plurals folded); abbreviations on the tokens as written, so
 * "CHF" matches but "chf" in a word list does not. Multiword terms are also indexed as bags of words
 * for matching out of order (flexible-match.ts). Bare words that name a code only in context
 * (bare-terms.ts) are left out, or kept for a match that is the whole unit.
 * Built into typed arrays (`buildLexiconTables`: seconds of CPU for the official code sets) that every worker
 * thread of a run shares, each reading them through its own `attachLexicon` (milliseconds).
 */
import type { Token } from '../contract/chart-record.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import { tokenize } from '../text/tokenize.js';
import { bareKey, wholeUnit, type BareTerms } from './bare-terms.js';
import { attachFlex, buildFlexTables, type FlexIndex, type FlexTables, type TokenHead } from './flex-tables.js';
import { HitList, HitsBuilder, type HitTables } from './hit-table.js';
import { shippedFlexWords, type FlexWords } from './word-lists.js';
import { firstCharsOf } from './first-chars.js';
import { stem } from './stem.js';
import type { TermHit } from './term-hit.js';
import { attachTrie, NONE, ROOT, WordTrieBuilder, type TrieTables, type WordTrie } from './word-trie.js';

/**
 * What a word (normalized) opens: terms that start with it, and multiword terms anchored on it for
 * flexible matching. One Map lookup per token gives both, where the trie walk and the flexible matcher
 * each looked the word up (Map lookups on chart words are most of extract-mentions' time).
 */
export interface Head extends TokenHead {
  /** The word's node below the term trie's root (word-trie.ts). */
  node: number | undefined;
}

export interface LexiconMatch {
  /** Index of the first token and one past the last. */
  from: number;
  to: number;
  hits: TermHit[];
}

export interface Lexicon {
  terms: number;
  /** What the normalized word opens, if anything. */
  head(norm: string): Head | undefined;
  /** Longest match starting at token `i` (whose head is `head`), terms preferred over abbreviations of the same length. */
  matchAt(tokens: Token[], i: number, head: Head | undefined): LexiconMatch | undefined;
  /** The codes of the term that is exactly these normalized words, if one is. */
  lookup(words: string[]): TermHit[] | undefined;
  /** Multiword terms as bags of words. */
  flex: FlexIndex;
  /** Every normalized word of every term (for approximate matching of OCR words). */
  vocabulary(): Set<string>;
}

const NO_BARE: BareTerms = { never: new Map(), aloneOnly: new Map() };

/** The lexicon frozen: typed arrays on SharedArrayBuffers (contract/shared-tables.ts), read with attachLexicon. */
export interface LexiconTables {
  terms: number;
  hits: HitTables;
  term: TrieTables;
  abbr: TrieTables;
  stems?: TrieTables;
  /** Its words are numbers of the term trie's words. */
  flex: FlexTables;
}

/**
 * `flexWords`: the linking and blocking words of flexible matching (word-lists.ts).
 * `stemmed`: also match terms whose words have other endings than the chart's (Porter stems, stem.ts), where
 * no plain term matches as far: "fractured femur" finds "femur fracture" only through flexible order plus stems.
 */
export function buildLexicon(...args: Parameters<typeof buildLexiconTables>): Lexicon {
  return attachLexicon(buildLexiconTables(...args), args[4] ?? shippedFlexWords());
}

/** The tables of buildLexicon, built once per run and shared by its worker threads. */
export function buildLexiconTables(
  codeSets: CodeSetRegistry,
  systems = codeSets.systems,
  bare: BareTerms = NO_BARE,
  stemmed = false,
  flexWords: FlexWords = shippedFlexWords(),
): LexiconTables {
  const hitIds = new HitsBuilder();
  const termTrie = new WordTrieBuilder(hitIds);
  const stemTrie = stemmed ? new WordTrieBuilder(hitIds) : undefined;
  const abbrTrie = new WordTrieBuilder(hitIds);
  const multiword: { words: string[]; hit: number }[] = [];
  let terms = 0;
  const interned = new Map<string, string>();
  const intern = (w: string) => interned.get(w) ?? interned.set(w, w).get(w)!;
  for (const id of systems) {
    for (const entry of codeSets.get(id).entries()) {
      // One number for the hit of all the entry's terms (hit-table.ts): codes are unique within a system.
      const hit = hitIds.add({ system: id, code: entry.code, matchType: 'exact' });
      for (const t of entry.terms) {
        // One string per distinct word: the flexible index keeps the words of 120k terms until it is frozen.
        const words = tokenize(t).map((k) => intern(k.norm));
        const key = bare.never.size || bare.aloneOnly.size ? bareKey(words) : '';
        if (bare.never.get(key)?.has(entry.code)) continue;
        const alone = bare.aloneOnly.get(key)?.has(entry.code) === true;
        terms += termTrie.insert(words, hit, alone);
        if (stemTrie && !alone && STEM_MIN_WORDS <= words.length) {
          const stems = words.map(stem);
          if (stems.some((x, k) => x !== words[k])) stemTrie.insert(stems, hit);
        }
        if (words.length > 1 && !alone) multiword.push({ words, hit });
      }
      const abbreviation = entry.abbreviations.length
        ? hitIds.add({ system: id, code: entry.code, matchType: 'abbreviation' })
        : -1;
      for (const a of entry.abbreviations)
        terms += abbrTrie.insert(
          tokenize(a).map((k) => k.raw),
          abbreviation,
        );
    }
  }
  // The flexible index's words are the term trie's (every multiword term is in it).
  const flex = buildFlexTables(multiword, flexWords, (w) => termTrie.wordId(w)!);
  return {
    terms,
    term: termTrie.freeze(),
    abbr: abbrTrie.freeze(),
    ...(stemTrie ? { stems: stemTrie.freeze() } : {}),
    flex,
    hits: hitIds.freeze(),
  };
}

/**
 * A thread's lexicon over the tables (its own or another thread's): the words decoded, the heads made, and its
 * own scratch for flexible matching. `flexWords`: the lists the tables were built with.
 */
export function attachLexicon(tables: LexiconTables, flexWords: FlexWords = shippedFlexWords()): Lexicon {
  const hitList = new HitList(tables.hits);
  const term = attachTrie(tables.term, hitList);
  const abbr = attachTrie(tables.abbr, hitList);
  const stems = tables.stems ? attachTrie(tables.stems, hitList) : undefined;
  const flex = attachFlex(tables.flex, term.words(), term.wordId, hitList, flexWords);
  const heads = new Map<string, Head>();
  // Every head with the same three fields: one object shape keeps the per-token reads monomorphic.
  const headOf = (w: string) =>
    heads.get(w) ?? heads.set(w, { node: undefined, anchored: undefined, flexId: undefined }).get(w)!;
  for (const [w, node] of term.heads()) headOf(w).node = node;
  for (const [w, anchored] of flex.anchors()) headOf(w).anchored = anchored;
  for (const [w, id] of flex.secondWords()) headOf(w).flexId = id;
  const mayStartAbbr = firstCharsOf([...abbr.heads()].map(([w]) => w));
  return {
    terms: tables.terms,
    head: (norm) => heads.get(norm),
    matchAt(tokens, i, head) {
      const viaTerm = head?.node !== undefined ? walk(term, head.node, tokens, i + 1, normOf, i) : undefined;
      const viaAbbr = mayStartAbbr(tokens[i]!.raw) ? walk(abbr, ROOT, tokens, i, rawOf, i) : undefined;
      const plain = viaTerm && (!viaAbbr || viaTerm.to >= viaAbbr.to) ? viaTerm : viaAbbr;
      if (!stems) return plain;
      const first = stems.childOf(ROOT, stem(tokens[i]!.norm));
      const viaStem = first !== NONE ? walk(stems, first, tokens, i + 1, stemOf, i) : undefined;
      return viaStem && (!plain || viaStem.to > plain.to) ? viaStem : plain;
    },
    lookup(words) {
      let node = ROOT;
      for (const w of words) if ((node = term.childOf(node, w)) === NONE) return undefined;
      return term.hits(node);
    },
    flex,
    vocabulary: () => new Set(term.words()),
  };
}

// Module-level keys: the matcher calls matchAt at every token, and closures made there are garbage.
const normOf = (t: Token) => t.norm;
const rawOf = (t: Token) => t.raw;
const stemOf = (t: Token) => stem(t.norm);
/** Terms of fewer words are not matched by stems: one stemmed word ("obstructive" for "obstruction") says too little. */
const STEM_MIN_WORDS = 2;

/**
 * The longest match from token `from`, walking down from `root` with the tokens from `i` on: `i` is `from`
 * at the trie's root, or `from + 1` below the node the head already reached.
 */
function walk(
  trie: WordTrie,
  root: number,
  tokens: Token[],
  i: number,
  key: (t: Token) => string,
  from: number,
): LexiconMatch | undefined {
  let node = root;
  const rootHits = trie.hits(root);
  const rootAlone = trie.alone(root);
  let best: LexiconMatch | undefined = i > from && rootHits ? { from, to: i, hits: rootHits } : undefined;
  if (i > from && rootAlone && wholeUnit(tokens, from, i))
    best = { from, to: i, hits: rootHits ? [...rootHits, ...rootAlone] : rootAlone };
  // A node without children ends the walk without a lookup: most terms are one or two words long.
  for (let j = i; j < tokens.length && node !== NONE && trie.hasChildren(node); j++) {
    node = trie.childOf(node, key(tokens[j]!));
    if (node === NONE) break;
    const hits = trie.hits(node);
    const alone = trie.alone(node);
    if (hits) best = { from, to: j + 1, hits };
    if (alone && wholeUnit(tokens, from, j + 1)) best = { from, to: j + 1, hits: hits ? [...hits, ...alone] : alone };
  }
  return best;
}
