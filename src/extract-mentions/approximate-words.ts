/**
 * OCR-damaged words ("pneumonla", "diabetcs") read as the lexicon word they were, where that is safe: only
 * words OCR itself was unsure of, only words the lexicon does not know, only letters, and only when exactly one
 * lexicon word is that close — one edit for words of 5 to 8 letters, two from 9 (Damerau–Levenshtein, from
 * `natural`). Candidates come from an index of each lexicon word with one letter deleted (the symmetric-delete
 * method), so a word costs a few map lookups instead of a pass over the vocabulary. The token keeps what was
 * written (evidence shows the page as OCR read it); only its normalized form, which terms match on, changes.
 */
import levenshtein from 'natural/lib/natural/distance/levenshtein_distance.js';
import type { OcrInfo } from '../chart-record.js';
import { firstWordEndingAfter } from '../ingest/ocr-evidence.js';
import type { Token } from './tokenize.js';

const MIN_LENGTH = 5;
const TWO_EDITS_FROM = 9;

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
  const maxEdits = norm.length >= TWO_EDITS_FROM ? 2 : 1;
  const keys = new Set([norm, ...deletions(norm)]);
  if (maxEdits === 2) for (const d of [...keys]) for (const dd of deletions(d)) keys.add(dd);
  const candidates = new Set<string>();
  for (const k of keys) for (const w of byDeletion.get(k) ?? []) candidates.add(w);
  let best: string | undefined;
  let bestDistance = maxEdits + 1;
  let ties = 0;
  for (const w of candidates) {
    const d = levenshtein.DamerauLevenshteinDistance(norm, w);
    if (d < bestDistance) [best, bestDistance, ties] = [w, d, 1];
    else if (d === bestDistance) ties++;
  }
  // Two lexicon words equally close: the page does not say which was meant.
  return ties === 1 ? best : undefined;
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
export function correctOcrTokens(tokens: Token[], ocr: OcrInfo, words: ApproximateWords, belowConfidence: number): number {
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
