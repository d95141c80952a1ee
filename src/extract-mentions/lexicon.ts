/**
 * A token trie over every term and abbreviation of the loaded code systems. Terms are matched on
 * normalized tokens (case-insensitive, plurals folded); abbreviations on the tokens as written, so
 * "CHF" matches but "chf" in a word list does not. Multiword terms are also indexed as bags of words
 * for matching out of order (flexible-match.ts).
 */
import type { CodeSystemId } from '../chart-record.js';
import type { CodeSetRegistry } from '../code-systems/registry.js';
import { buildFlexIndex, type FlexIndex } from './flexible-match.js';
import { tokenize, type Token } from './tokenize.js';

export interface TermHit {
  system: CodeSystemId;
  code: string;
  matchType: 'exact' | 'abbreviation';
}

interface TrieNode {
  next: Map<string, TrieNode>;
  hits?: TermHit[];
}

export interface LexiconMatch {
  /** Index of the first token and one past the last. */
  from: number;
  to: number;
  hits: TermHit[];
}

export interface Lexicon {
  terms: number;
  /** Longest match starting at token `i`, terms preferred over abbreviations of the same length. */
  matchAt(tokens: Token[], i: number): LexiconMatch | undefined;
  /** The codes of the term that is exactly these normalized words, if one is. */
  lookup(words: string[]): TermHit[] | undefined;
  /** Multiword terms as bags of words. */
  flex: FlexIndex;
}

export function buildLexicon(codeSets: CodeSetRegistry, systems = codeSets.systems): Lexicon {
  const termRoot: TrieNode = { next: new Map() };
  const abbrRoot: TrieNode = { next: new Map() };
  const multiword: { words: string[]; hit: TermHit }[] = [];
  let terms = 0;
  for (const id of systems) {
    for (const entry of codeSets.get(id).entries()) {
      for (const t of entry.terms) {
        const words = tokenize(t).map((k) => k.norm);
        const hit: TermHit = { system: id, code: entry.code, matchType: 'exact' };
        terms += insert(termRoot, words, hit);
        if (words.length > 1) multiword.push({ words, hit });
      }
      for (const a of entry.abbreviations) terms += insert(abbrRoot, tokenize(a).map((k) => k.raw), { system: id, code: entry.code, matchType: 'abbreviation' });
    }
  }
  return {
    terms,
    matchAt(tokens, i) {
      const term = walk(termRoot, tokens, i, normOf);
      const abbr = walk(abbrRoot, tokens, i, rawOf);
      if (term && (!abbr || term.to >= abbr.to)) return term;
      return abbr;
    },
    lookup(words) {
      let node: TrieNode | undefined = termRoot;
      for (const w of words) if (!(node = node.next.get(w))) return undefined;
      return node.hits;
    },
    flex: buildFlexIndex(multiword),
  };
}

// Module-level keys: the matcher calls matchAt at every token, and closures made there are garbage.
const normOf = (t: Token) => t.norm;
const rawOf = (t: Token) => t.raw;

function insert(root: TrieNode, keys: string[], hit: TermHit): number {
  if (keys.length === 0) return 0;
  let node = root;
  for (const k of keys) {
    let child = node.next.get(k);
    if (!child) node.next.set(k, (child = { next: new Map() }));
    node = child;
  }
  const hits = (node.hits ??= []);
  if (hits.some((h) => h.system === hit.system && h.code === hit.code)) return 0;
  hits.push(hit);
  return 1;
}

function walk(root: TrieNode, tokens: Token[], i: number, key: (t: Token) => string): LexiconMatch | undefined {
  let node: TrieNode | undefined = root;
  let best: LexiconMatch | undefined;
  for (let j = i; j < tokens.length && node; j++) {
    node = node.next.get(key(tokens[j]!));
    if (node?.hits) best = { from: i, to: j + 1, hits: node.hits };
  }
  return best;
}
