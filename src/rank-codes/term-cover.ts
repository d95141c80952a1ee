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
  segment(text).forEach((unit, i) => {
    for (const t of tokens(text.slice(unit.start, unit.end), forms)) {
      const list = sentencesOf.get(t);
      if (!list) sentencesOf.set(t, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  return { sentencesOf, forms };
}

/** Terms' stems per code, per word forms and code system, kept while both live. */
const TERMS = new WeakMap<WordForms, WeakMap<CodeSystem, Map<string, string[][]>>>();
const MAX_TERMS = 30;

function termStems(system: CodeSystem, code: string, forms: WordForms): string[][] {
  let byForms = TERMS.get(forms);
  if (!byForms) TERMS.set(forms, (byForms = new WeakMap()));
  let bySystem = byForms.get(system);
  if (!bySystem) byForms.set(system, (bySystem = new Map()));
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

const STEM_WORDS = new WeakMap<WordForms, WeakMap<CodeSystem, Map<string, string[]>>>();

/**
 * A truncated ICD-10-PCS code (its first 4 characters: section, body system, root operation, body part) has no
 * title of its own: its words are those every title of the codes under it shares ("computerized tomography
 * abdomen").
 */
function stemWords(system: CodeSystem, forms: WordForms): Map<string, string[]> {
  let byForms = STEM_WORDS.get(forms);
  if (!byForms) STEM_WORDS.set(forms, (byForms = new WeakMap()));
  let out = byForms.get(system);
  if (out) return out;
  const shared = new Map<string, Set<string>>();
  for (const e of system.entries()) {
    if (!e.billable) continue;
    const stem = e.code.slice(0, 4);
    const words = new Set(tokens(e.title, forms));
    const seen = shared.get(stem);
    if (!seen) shared.set(stem, words);
    else for (const w of seen) if (!words.has(w)) seen.delete(w);
  }
  out = new Map([...shared].map(([stem, words]) => [stem, [...words].filter((w) => !FILLER.has(w))]));
  byForms.set(system, out);
  return out;
}

export function termCover(system: CodeSystem, code: string, words: ChartWords, vocab: Vocabulary): TermCover {
  const terms = termStems(system, code, words.forms);
  if (terms.length === 0) return NONE;
  const maxIdf = maxIdfOf(vocab);
  let best = { ...NONE };
  for (const stems of terms) {
    let total = 0;
    let found = 0;
    const perSentence = new Map<number, number>();
    for (const s of stems) {
      const i = vocab.index.get(s);
      const w = i === undefined ? maxIdf : vocab.idf[i]!;
      total += w;
      const where = words.sentencesOf.get(s);
      if (!where) continue;
      found += w;
      for (const k of where) perSentence.set(k, (perSentence.get(k) ?? 0) + w);
    }
    const inOne = Math.max(0, ...perSentence.values());
    best = {
      chart: Math.max(best.chart, found / total),
      sentence: Math.max(best.sentence, inOne / total),
      whole: Math.max(best.whole, inOne >= total - 1e-9 ? 1 : 0),
    };
  }
  return best;
}

const MAX_IDF = new WeakMap<Vocabulary, number>();

/** A word the vocabulary does not know is rarer than any it does. */
function maxIdfOf(vocab: Vocabulary): number {
  let m = MAX_IDF.get(vocab);
  if (m === undefined) {
    m = 1;
    for (const v of vocab.idf) if (v > m) m = v;
    MAX_IDF.set(vocab, m);
  }
  return m;
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
