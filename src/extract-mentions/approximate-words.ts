/**
 * OCR-damaged words ("pneumonla", "diabetcs") read as the lexicon word they were, where that is safe: only
 * words OCR itself was unsure of, only words the lexicon does not know, only letters, and only when exactly one
 * lexicon word is one edit away (Damerau–Levenshtein, from `natural`: a letter changed, added, dropped or two
 * swapped). Two edits found more damaged words but could not be checked for a second word as close. Candidates come from an index of each lexicon word with one letter deleted (the symmetric-delete
 * method), so a word costs a few map lookups instead of a pass over the vocabulary. The token keeps what was
 * written (evidence shows the page as OCR read it); only its normalized form, which terms match on, changes.
 */
import levenshtein from 'natural/lib/natural/distance/levenshtein_distance.js';
import type { OcrInfo, Token } from '../contract/chart-record.js';
import { firstWordEndingAfter } from '../text/ocr-words.js';

const MIN_LENGTH = 5;

export interface ApproximateWords {
  /** The one lexicon word `norm` is a damaged form of, if exactly one is close enough. */
  correct(norm: string): string | undefined;
}

export function approximateWords(vocabulary: Iterable<string>): ApproximateWords {
  const known = new Set<string>();
  const byDeletion = new Map<string, string[]>();
  const add = (key: string, word: string) => {
    const list = byDeletion.get(key);
    if (!list) byDeletion.set(key, [word]);
    else if (list.at(-1) !== word) list.push(word);
  };
  for (const w of vocabulary) {
    known.add(w);
    if (w.length < MIN_LENGTH - 1 || !/^[a-z]+$/.test(w)) continue;
    add(w, w);
    for (const d of deletions(w)) add(d, w);
  }
  const cache = new Map<string, string | undefined>();
  return {
    correct(norm) {
      if (norm.length < MIN_LENGTH || known.has(norm) || !/^[a-z]+$/.test(norm)) return undefined;
      if (cache.has(norm)) return cache.get(norm);
      const found = closest(norm, byDeletion);
      cache.set(norm, found);
      return found;
    },
  };
}

function closest(norm: string, byDeletion: Map<string, string[]>): string | undefined {
  // Deleting one letter from each side meets for every pair one edit apart, so no candidate is missed.
  const keys = new Set([norm, ...deletions(norm)]);
  const candidates = new Set<string>();
  for (const k of keys) for (const w of byDeletion.get(k) ?? []) candidates.add(w);
  let best: string | undefined;
  let within = 0;
  for (const w of candidates) {
    if (levenshtein.DamerauLevenshteinDistance(norm, w) > 1) continue;
    best = w;
    within++;
  }
  // Two lexicon words one edit away ("gonut": gout? donut?): the page does not say which.
  return within === 1 ? best : undefined;
}

function deletions(w: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < w.length; i++) out.push(w.slice(0, i) + w.slice(i + 1));
  return out;
}

/**
 * Tokens of an OCR page that OCR read below `belowConfidence` and the lexicon does not know get the
 * normalized form of the lexicon word they are closest to. Returns how many were changed.
 */
export function correctOcrTokens(
  tokens: Token[],
  ocr: OcrInfo,
  words: ApproximateWords,
  belowConfidence: number,
): number {
  let changed = 0;
  let w = tokens.length > 0 ? firstWordEndingAfter(ocr.words, tokens[0]!.start) : 0;
  for (const t of tokens) {
    while (w < ocr.words.length && ocr.words[w]!.end <= t.start) w++;
    const word = ocr.words[w];
    if (!word || word.start > t.start || word.confidence >= belowConfidence) continue;
    const fixed = words.correct(t.norm);
    if (fixed) {
      t.norm = fixed;
      changed++;
    }
  }
  return changed;
}
