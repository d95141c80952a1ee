/**
 * OCR confidence drives review: a code whose evidence all lies on words OCR read with low confidence is
 * flagged `ocr_low_confidence` (so it goes to review, never auto). One clearly read piece of evidence is
 * enough to keep the flag off: the code is then supported by text the engine was sure of.
 */
import type { ChartRecord, OcrInfo, TextRange } from '../chart-record.js';

export const OCR_LOW_CONFIDENCE = 'ocr_low_confidence';

export function flagOcrEvidence(record: Pick<ChartRecord, 'codes' | 'ocr'>): void {
  const ocr = record.ocr;
  if (!ocr) return;
  for (const c of record.codes) {
    if (c.evidence.length === 0 || c.flags.includes(OCR_LOW_CONFIDENCE)) continue;
    if (c.evidence.every((e) => lowestConfidence(ocr.words, e.range) < ocr.lowConfidence)) c.flags.push(OCR_LOW_CONFIDENCE);
  }
}

/** The lowest confidence of the OCR words overlapping `range` (100 when none does: a text-layer page). */
export function lowestConfidence(words: OcrInfo['words'], range: TextRange): number {
  let min = 100;
  for (let i = firstWordEndingAfter(words, range.start); i < words.length && words[i]!.start < range.end; i++) min = Math.min(min, words[i]!.confidence);
  return min;
}

/** Index of the first word (words are in text order) that ends after offset `at`. */
export function firstWordEndingAfter(words: OcrInfo['words'], at: number): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid]!.end <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
