/** Finding the OCR words (`record.ocr.words`, in text order) around an offset, for the stages that read them. */
import type { OcrInfo } from '../contract/chart-record.js';
import { lowerBound } from './lower-bound.js';

/** Index of the first word that ends after offset `at` (offsets are whole UTF-16 indexes). */
export function firstWordEndingAfter(words: OcrInfo['words'], at: number): number {
  return lowerBound(words, at + 1, (w) => w.end);
}
