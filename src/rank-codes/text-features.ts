/**
 * Words and word pairs of a text as a sparse tf-idf vector: lower-cased tokens, Porter-stemmed
 * (natural's stemmer, by module path), stop words out, unigrams and adjacent bigrams, sublinear term
 * frequency times idf, L2-normalized. The vocabulary and idf are learned from the training charts and
 * stored in the model file; a term the vocabulary does not know is ignored.
 */
import porter from 'natural/lib/natural/stemmers/porter_stemmer.js';
import type { WordForms } from '../text/word-forms.js';

export interface SparseVector {
  /** Feature indexes, ascending. */
  idx: Int32Array;
  val: Float32Array;
}

const STOP = new Set(
  (
    'a an and are as at be been but by for from had has have he her his in into is it its of on or she that the their them then there these this to ' +
    'was were which with who will would after before also than was were we our patient case year years old day days'
  ).split(' '),
);

const STEMS = new Map<string, string>();

function stem(word: string): string {
  let s = STEMS.get(word);
  if (s === undefined) {
    s = porter.stem(word);
    if (STEMS.size < 200_000) STEMS.set(word, s);
  }
  return s;
}

/**
 * Stemmed tokens of a text, stop words removed; numbers kept only when they carry letters (t2, c5). With word
 * forms, a word is read in the form code titles use first ("renal" as "kidney").
 */
export function tokens(text: string, forms?: WordForms): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[a-z][a-z0-9]*|[0-9]+[a-z]+[a-z0-9]*/g)) {
    const w = forms?.get(m[0]) ?? m[0];
    if (w.length < 2 || STOP.has(w)) continue;
    out.push(stem(w));
  }
  return out;
}

/** Unigrams and adjacent bigrams with their counts. */
export function termCounts(text: string): Map<string, number> {
  const toks = tokens(text);
  const counts = new Map<string, number>();
  const add = (t: string) => counts.set(t, (counts.get(t) ?? 0) + 1);
  toks.forEach((t, i) => {
    add(t);
    if (i > 0) add(`${toks[i - 1]} ${t}`);
  });
  return counts;
}

export interface Vocabulary {
  terms: string[];
  index: Map<string, number>;
  idf: Float32Array;
}

/** Terms in at least `minDf` documents, the `maxTerms` most frequent by document frequency (ties by term). */
export function buildVocabulary(docs: Map<string, number>[], minDf: number, maxTerms: number): Vocabulary {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const terms = [...df]
    .filter(([, n]) => n >= minDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxTerms)
    .map(([t]) => t)
    .sort();
  const n = docs.length;
  const idf = Float32Array.from(terms, (t) => Math.log((1 + n) / (1 + df.get(t)!)) + 1);
  return vocabularyOf(terms, idf);
}

export function vocabularyOf(terms: string[], idf: Float32Array): Vocabulary {
  return { terms, index: new Map(terms.map((t, i) => [t, i])), idf };
}

export function vectorize(counts: Map<string, number>, vocab: Vocabulary): SparseVector {
  const pairs: [number, number][] = [];
  for (const [t, c] of counts) {
    const i = vocab.index.get(t);
    if (i !== undefined) pairs.push([i, (1 + Math.log(c)) * vocab.idf[i]!]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const norm = Math.sqrt(pairs.reduce((s, [, v]) => s + v * v, 0)) || 1;
  return { idx: Int32Array.from(pairs, (p) => p[0]), val: Float32Array.from(pairs, (p) => p[1] / norm) };
}

/** Dot product of two sparse vectors (both sorted by index). */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.idx.length && j < b.idx.length) {
    const x = a.idx[i]!;
    const y = b.idx[j]!;
    if (x === y) s += a.val[i++]! * b.val[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return s;
}

/** Dot product of a sparse vector with a dense weight array. */
export function denseDot(w: Float32Array, x: SparseVector): number {
  let s = 0;
  for (let k = 0; k < x.idx.length; k++) s += w[x.idx[k]!]! * x.val[k]!;
  return s;
}
