/**
 * The lexicon's flat trie (word-trie.ts) answers what a trie of Maps answered: the same child for every word
 * path, the same hits at term ends, hits kept apart when only whole units count, a term added twice counted
 * once, and the same words. Checked on a few thousand random terms over a small vocabulary (deep shared prefixes,
 * nodes with many children, which the binary search must find in any order of insertion).
 */
import { describe, expect, it } from 'vitest';
import { attachTrie, NONE, ROOT, WordTrieBuilder } from '../../src/extract-mentions/word-trie.js';
import { HitList, HitsBuilder } from '../../src/extract-mentions/hit-table.js';
import type { TermHit } from '../../src/extract-mentions/term-hit.js';

interface MapNode {
  next: Map<string, MapNode>;
  hits: TermHit[];
}

/** A seeded generator: the same terms on every run. */
function random(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % n;
  };
}

describe('word trie', () => {
  it('finds every term path and its hits as a trie of Maps does, and nothing else', () => {
    const rnd = random(7);
    const vocab = Array.from({ length: 300 }, (_, k) => `w${k}`);
    const hitIds = new HitsBuilder();
    const builder = new WordTrieBuilder(hitIds);
    const naive: MapNode = { next: new Map(), hits: [] };
    const terms: string[][] = [];
    let added = 0;
    for (let k = 0; k < 5000; k++) {
      const words = Array.from({ length: 1 + rnd(5) }, () => vocab[rnd(k < 2500 ? 300 : 20)]!);
      const hit: TermHit = { system: 'icd10cm', code: `C${rnd(400)}`, matchType: 'exact' };
      added += builder.insert(words, hit);
      let node = naive;
      for (const w of words) node = node.next.get(w) ?? node.next.set(w, { next: new Map(), hits: [] }).get(w)!;
      if (!node.hits.some((h) => h.code === hit.code)) node.hits.push(hit);
      terms.push(words);
    }
    const trie = attachTrie(builder.freeze(), new HitList(hitIds.freeze()));
    let expected = 0;
    const check = (mine: number, theirs: MapNode) => {
      expected += theirs.hits.length;
      expect(trie.hits(mine) ?? []).toEqual(theirs.hits);
      expect(trie.hasChildren(mine)).toBe(theirs.next.size > 0);
      for (const [w, child] of theirs.next) check(trie.childOf(mine, w), child);
    };
    check(ROOT, naive);
    expect(added).toBe(expected);
    expect(new Set(trie.words())).toEqual(new Set(terms.flat()));
    expect(new Map(trie.heads())).toEqual(new Map([...naive.next.keys()].map((w) => [w, trie.childOf(ROOT, w)])));
    expect(trie.childOf(ROOT, 'unknown')).toBe(NONE);
    // A word of the trie that is no child of this node.
    const [first] = terms[0]!;
    const below = trie.childOf(ROOT, first!);
    const absent = vocab.find((w) => !naive.next.get(first!)!.next.has(w))!;
    expect(trie.childOf(below, absent)).toBe(NONE);
  });

  it('keeps whole-unit hits apart from plain ones, and an empty term adds nothing', () => {
    const hitIds = new HitsBuilder();
    const builder = new WordTrieBuilder(hitIds);
    const hit = (code: string): TermHit => ({ system: 'icd10cm', code, matchType: 'exact' });
    expect(builder.insert(['follow', 'up'], hit('Z09'), true)).toBe(1);
    expect(builder.insert(['follow', 'up'], hit('Z09'), true)).toBe(0);
    expect(builder.insert(['follow', 'up', 'visit'], hit('Z09'))).toBe(1);
    expect(builder.insert([], hit('X'))).toBe(0);
    const trie = attachTrie(builder.freeze(), new HitList(hitIds.freeze()));
    const node = trie.childOf(trie.childOf(ROOT, 'follow'), 'up');
    expect(trie.hits(node)).toBeUndefined();
    expect(trie.alone(node)).toEqual([hit('Z09')]);
    expect(trie.hits(trie.childOf(node, 'visit'))).toEqual([hit('Z09')]);
    expect(trie.hits(ROOT)).toBeUndefined();
  });
});
