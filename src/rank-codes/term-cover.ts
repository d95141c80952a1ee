/**
 * How much of a candidate code's own wording the chart contains: for each of the code's terms (its
 * title and inclusion/index terms in the code set in force), the share of the term's words, stemmed
 * as the text model stems them and weighted by their idf, found anywhere in the chart, and the share
 * found together in one sentence. The lexicon needs a term's exact words in order; this soft
 * overlap is the evidence for codes only the text model or the neighbours proposed, and tells
 * siblings of a category apart ("with" or "without" complication, the body part named).
 */
import type { CodeSystem } from '../contract/code-sets.js';
import { segment } from '../text/segment.js';
import type { WordForms } from '../text/word-forms.js';
import { tokens, type Vocabulary } from './text-features.js';

/** Words of code titles that say nothing a chart would say. */
const FILLER = new Set(
  tokens(
    'unspecified other specified site sites elsewhere classified nec nos type initial encounter subsequent sequela ' +
      'part parts region unilateral bilateral not',
  ),
);

export interface ChartWords {
  /** Sentences (by index) each stem occurs in, ascending. */
  sentencesOf: Map<string, number[]>;
  /** The word forms the chart was read with; code terms are read with them too. */
  forms: WordForms;
  /** Each code's cover, once per chart (a parent is asked for by each of its children). */
  memo: Map<string, TermCover>;
  /** Per-sentence sums and the sentences touched, reused by every term of the chart. */
  scratch: Float64Array;
  touched: number[];
}

export interface TermCover {
  /** Best idf-weighted share of a term's words found in the chart. */
  chart: number;
  /** Best idf-weighted share of a term's words found in one sentence. */
  sentence: number;
  /** Some term has all its words in one sentence. */
  whole: number;
}

const NONE: TermCover = { chart: 0, sentence: 0, whole: 0 };

/** The chart's stems by sentence (the segmenter's units: sentences and list items). */
export function chartWords(text: string, forms: WordForms): ChartWords {
  const sentencesOf = new Map<string, number[]>();
  const units = segment(text);
  units.forEach((unit, i) => {
    for (const t of tokens(text.slice(unit.start, unit.end), forms)) {
      const list = sentencesOf.get(t);
      if (!list) sentencesOf.set(t, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  return { sentencesOf, forms, memo: new Map(), scratch: new Float64Array(units.length), touched: [] };
}

/** What is read from a code system with word forms, kept while both live. */
type ByFormsAndSystem<T> = WeakMap<WordForms, WeakMap<CodeSystem, T>>;

function cached<T>(cache: ByFormsAndSystem<T>, forms: WordForms, system: CodeSystem, make: () => T): T {
  let bySystem = cache.get(forms);
  if (!bySystem) cache.set(forms, (bySystem = new WeakMap()));
  let out = bySystem.get(system);
  if (out === undefined) bySystem.set(system, (out = make()));
  return out;
}

/** Terms' stems per code. */
const TERMS: ByFormsAndSystem<Map<string, string[][]>> = new WeakMap();
const MAX_TERMS = 30;

function termStems(system: CodeSystem, code: string, forms: WordForms): string[][] {
  const bySystem = cached(TERMS, forms, system, () => new Map<string, string[][]>());
  let out = bySystem.get(code);
  if (out) return out;
  const entry = system.lookup(code);
  out = [];
  if (entry) {
    for (const term of [entry.title, ...entry.terms].slice(0, MAX_TERMS)) {
      const stems = [...new Set(tokens(term, forms))].filter((s) => !FILLER.has(s));
      if (stems.length) out.push(stems);
    }
  } else if (system.id === 'icd10pcs' && code.length === 4) {
    const common = stemWords(system, forms).get(code);
    if (common?.length) out.push(common);
  }
  bySystem.set(code, out);
  return out;
}

const STEM_WORDS: ByFormsAndSystem<Map<string, string[]>> = new WeakMap();

/**
 * A truncated ICD-10-PCS code (its first 4 characters: section, body system, root operation, body part) has no
 * title of its own: its words are those every title of the codes under it shares ("computerized tomography
 * abdomen").
 */
function stemWords(system: CodeSystem, forms: WordForms): Map<string, string[]> {
  return cached(STEM_WORDS, forms, system, () => {
    const shared = new Map<string, Set<string>>();
    for (const e of system.entries()) {
      if (!e.billable) continue;
      const stem = e.code.slice(0, 4);
      const words = new Set(tokens(e.title, forms));
      const seen = shared.get(stem);
      if (!seen) shared.set(stem, words);
      else for (const w of seen) if (!words.has(w)) seen.delete(w);
    }
    return new Map([...shared].map(([stem, words]) => [stem, [...words].filter((w) => !FILLER.has(w))]));
  });
}

export function termCover(system: CodeSystem, code: string, words: ChartWords, vocab: Vocabulary): TermCover {
  const key = `${system.id}:${code}`;
  const known = words.memo.get(key);
  if (known) return known;
  const terms = termStems(system, code, words.forms);
  const weight = wordWeight(vocab);
  let chart = 0;
  let sentence = 0;
  let whole = 0;
  const { scratch, touched } = words;
  for (const stems of terms) {
    let total = 0;
    let found = 0;
    for (const s of stems) {
      const w = weight(s);
      total += w;
      if (words.sentencesOf.has(s)) found += w;
    }
    chart = Math.max(chart, found / total);
    // the words of one sentence are at most the chart's: count them only when that can raise the best
    if (found / total <= sentence && (whole === 1 || found < total - 1e-9)) continue;
    touched.length = 0;
    for (const s of stems) {
      const where = words.sentencesOf.get(s);
      if (!where) continue;
      const w = weight(s);
      for (const k of where) {
        if (scratch[k] === 0) touched.push(k);
        scratch[k]! += w;
      }
    }
    let inOne = 0;
    for (const k of touched) {
      inOne = Math.max(inOne, scratch[k]!);
      scratch[k] = 0;
    }
    sentence = Math.max(sentence, inOne / total);
    if (inOne >= total - 1e-9) whole = 1;
  }
  const cover = terms.length ? { chart, sentence, whole } : NONE;
  words.memo.set(key, cover);
  return cover;
}

/** A prefix's billable codes, their terms, and which terms hold each stem: built once per prefix. */
interface SiblingTerms {
  codes: string[];
  /** Term → index of its code in `codes`. */
  codeOf: Int32Array;
  stemsOf: string[][];
  byStem: Map<string, number[]>;
}

const SIBLING_TERMS: ByFormsAndSystem<Map<string, SiblingTerms>> = new WeakMap();
const TERM_TOTALS = new WeakMap<Vocabulary, WeakMap<SiblingTerms, Float64Array>>();

function siblingTerms(system: CodeSystem, prefix: string, truncated: boolean, forms: WordForms): SiblingTerms {
  const bySystem = cached(SIBLING_TERMS, forms, system, () => new Map<string, SiblingTerms>());
  const key = `${truncated ? 't' : 'f'}${prefix}`;
  let out = bySystem.get(key);
  if (out) return out;
  const codes = siblingCodes(system, prefix, truncated);
  const codeOf: number[] = [];
  const stemsOf: string[][] = [];
  const byStem = new Map<string, number[]>();
  codes.forEach((code, ci) => {
    for (const stems of termStems(system, code, forms)) {
      const t = stemsOf.length;
      codeOf.push(ci);
      stemsOf.push(stems);
      for (const st of stems) {
        const list = byStem.get(st);
        if (!list) byStem.set(st, [t]);
        else list.push(t);
      }
    }
  });
  out = { codes, codeOf: Int32Array.from(codeOf), stemsOf, byStem };
  bySystem.set(key, out);
  return out;
}

/**
 * The codes under a prefix (siblingCodes) with a term of which at least `share` of the words (idf-weighted) stand
 * somewhere in the chart: the cheap test before a code's sentences are counted. Goes by the prefix's distinct words,
 * not by code, since an injury category has thousands of codes that share a few dozen words.
 */
export function siblingsReaching(
  system: CodeSystem,
  prefix: string,
  truncated: boolean,
  words: ChartWords,
  vocab: Vocabulary,
  share: number,
): string[] {
  const index = siblingTerms(system, prefix, truncated, words.forms);
  const weight = wordWeight(vocab);
  let byIndex = TERM_TOTALS.get(vocab);
  if (!byIndex) TERM_TOTALS.set(vocab, (byIndex = new WeakMap()));
  let totals = byIndex.get(index);
  if (!totals)
    byIndex.set(index, (totals = Float64Array.from(index.stemsOf, (st) => st.reduce((a, x) => a + weight(x), 0))));
  const found = new Float64Array(index.stemsOf.length);
  for (const [st, terms] of index.byStem) {
    if (!words.sentencesOf.has(st)) continue;
    const w = weight(st);
    for (const t of terms) found[t]! += w;
  }
  const out = new Set<string>();
  for (let t = 0; t < found.length; t++)
    if (found[t]! > 0 && found[t]! >= share * totals[t]! - 1e-9) out.add(index.codes[index.codeOf[t]!]!);
  return [...out];
}

const WEIGHTS = new WeakMap<Vocabulary, (stem: string) => number>();

/** A word's weight in a term: its idf; a word the vocabulary does not know is rarer than any it does (the largest idf). */
function wordWeight(vocab: Vocabulary): (stem: string) => number {
  let weight = WEIGHTS.get(vocab);
  if (!weight) {
    let maxIdf = 1;
    for (const v of vocab.idf) if (v > maxIdf) maxIdf = v;
    weight = (stem) => {
      const i = vocab.index.get(stem);
      return i === undefined ? maxIdf : vocab.idf[i]!;
    };
    WEIGHTS.set(vocab, weight);
  }
  return weight;
}

/** Per code system, by whether procedures are truncated (a model has one mode; tests use both). */
const SIBLINGS = [new WeakMap<CodeSystem, Map<string, string[]>>(), new WeakMap<CodeSystem, Map<string, string[]>>()];

/**
 * Billable codes under a prefix (an ICD-10-CM category; an ICD-10-PCS 4-character stem), or, for corpora that
 * code truncated ICD-10-PCS, the 4-character stems under a 3-character root operation.
 */
export function siblingCodes(system: CodeSystem, prefix: string, truncated: boolean): string[] {
  const cache = SIBLINGS[truncated ? 1 : 0]!;
  let byPrefix = cache.get(system);
  if (!byPrefix) {
    byPrefix = new Map();
    const pcsTruncated = system.id === 'icd10pcs' && truncated;
    for (const e of system.entries()) {
      if (!e.billable) continue;
      const k = system.id === 'icd10pcs' ? e.code.slice(0, pcsTruncated ? 3 : 4) : e.code.slice(0, 3);
      const code = pcsTruncated ? e.code.slice(0, 4) : e.code;
      const list = byPrefix.get(k);
      if (!list) byPrefix.set(k, [code]);
      else if (list[list.length - 1] !== code) list.push(code);
    }
    cache.set(system, byPrefix);
  }
  return byPrefix.get(prefix) ?? [];
}
