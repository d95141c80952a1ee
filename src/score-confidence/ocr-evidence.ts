/**
 * OCR confidence drives review: a code whose evidence all lies on words OCR read with low confidence is
 * flagged `ocr_low_confidence` (so it goes to review, never auto). One clearly read piece of evidence is
 * enough to keep the flag off: the code is then supported by text the engine was sure of.
 */
import type { ChartRecord, OcrInfo, TextRange } from '../contract/chart-record.js';
import { firstWordEndingAfter } from '../text/ocr-words.js';

export const OCR_LOW_CONFIDENCE = 'ocr_low_confidence';

export function flagOcrEvidence(record: Pick<ChartRecord, 'codes' | 'ocr'>): void {
  const ocr = record.ocr;
  if (!ocr) return;
  for (const c of record.codes) {
    if (c.evidence.length === 0 || c.flags.includes(OCR_LOW_CONFIDENCE)) continue;
    if (c.evidence.every((e) => lowestConfidence(ocr.words, e.range) < ocr.lowConfidence))
      c.flags.push(OCR_LOW_CONFIDENCE);
  }
}

/** The lowest confidence of the OCR words overlapping `range` (100 when none does: a text-layer page). */
export function lowestConfidence(words: OcrInfo['words'], range: TextRange): number {
  let min = 100;
  for (let i = firstWordEndingAfter(words, range.start); i < words.length && words[i]!.start < range.end; i++)
    min = Math.min(min, words[i]!.confidence);
  return min;
}
