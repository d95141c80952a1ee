/**
 * A chart's pages, text layer and OCR alike, joined into one text with page ranges: pages are joined with a
 * form feed so a sentence never runs across a page break, and page n covers `pages[n-1]` whatever its source,
 * so evidence on a scanned page 3 of a mixed PDF reports page 3. OCR words keep their offsets into the text.
 */
import type { OcrInfo, TextRange } from '../contract/chart-record.js';
import { normalizeText } from './normalize.js';
import type { OcrPageText } from './ocr-pages.js';

/** A page: its text-layer text, or what OCR read from it (already normalized, with word offsets). */
export type PageText = { layer: string } | { ocr: OcrPageText };

export interface JoinedPages {
  text: string;
  pages: TextRange[];
  ocr?: OcrInfo;
}

const PAGE_BREAK = '\n\f\n';

export function joinPages(pages: PageText[], lowConfidence: number): JoinedPages {
  const ranges: TextRange[] = [];
  const ocrPages: number[] = [];
  const words: OcrInfo['words'] = [];
  let text = '';
  pages.forEach((page, i) => {
    if (i > 0) text += PAGE_BREAK;
    const start = text.length;
    if ('layer' in page) text += normalizeText(page.layer);
    else {
      ocrPages.push(i + 1);
      for (const w of page.ocr.words)
        words.push({ start: start + w.start, end: start + w.end, confidence: w.confidence });
      text += page.ocr.text;
    }
    ranges.push({ start, end: text.length });
  });
  if (ocrPages.length === 0) return { text, pages: ranges };
  const meanConfidence =
    words.length === 0 ? 0 : Math.round((words.reduce((s, w) => s + w.confidence, 0) / words.length) * 10) / 10;
  return { text, pages: ranges, ocr: { pages: ocrPages, meanConfidence, words, lowConfidence } };
}
