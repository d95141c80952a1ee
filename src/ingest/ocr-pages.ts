/**
 * OCR of a chart's scanned pages, one after another on this thread's engine, within the chart's limits:
 * a page limit (INGEST_OCR_PAGE_LIMIT), a time per page (INGEST_OCR_PAGE_TIMEOUT), a size per page image
 * (INGEST_IMAGE_TOO_LARGE). A page that fails is reported by number and the others are kept; the findings
 * are grouped by code so charts.csv says "pages 3, 7: blank" once, not once per page.
 */
import type { Issue } from '../contract/chart-record.js';
import { IngestError, type IngestIssueCode } from './ingest-issue.js';
import { ocrPage, type WordConfidence } from './ocr-page.js';
import type { OcrOptions } from './ocr-options.js';
import { OcrTimeout } from './recognizer.js';

export interface OcrPageText {
  text: string;
  words: WordConfidence[];
  confidence: number;
}

type Finding = Omit<Issue, 'stage'>;

export interface OcrRun {
  /** Page number → its recognized text, for the pages that gave text. */
  pages: Map<number, OcrPageText>;
  warnings: Finding[];
  /** The first page problem, which becomes the chart's fatal issue when no page at all gave text. */
  firstProblem?: Finding;
}

/** What a page came to when it gave no text, with the severity it has while other pages did. */
const PAGE_PROBLEMS: Partial<Record<IngestIssueCode, { severity: Issue['severity']; what: string }>> = {
  INGEST_OCR_PAGE_BLANK: { severity: 'info', what: 'blank (no text found)' },
  INGEST_OCR_PAGE_UNREADABLE: {
    severity: 'warning',
    what: 'unreadable (OCR confidence too low: noise or a picture), not coded',
  },
  INGEST_OCR_PAGE_TIMEOUT: { severity: 'warning', what: 'not coded: OCR took longer than the page time limit' },
  INGEST_IMAGE_TOO_LARGE: { severity: 'warning', what: 'not coded: the page image is too large' },
  INGEST_IMAGE_INVALID: { severity: 'warning', what: 'not coded: the page image is damaged' },
};

/** OCR pages `nums` (1-based) of a chart of `total` pages; `image(n)` renders or decodes page n. */
export async function ocrPages(
  nums: number[],
  total: number,
  image: (num: number) => Promise<Buffer>,
  o: OcrOptions,
): Promise<OcrRun> {
  const run: OcrRun = { pages: new Map(), warnings: [] };
  const byCode = new Map<IngestIssueCode, { pages: number[]; detail: string }>();
  const note = (code: IngestIssueCode, num: number, detail = '') => {
    const seen = byCode.get(code) ?? byCode.set(code, { pages: [], detail }).get(code)!;
    seen.pages.push(num);
    run.firstProblem ??= {
      code,
      severity: 'fatal',
      message: `page ${num} of ${total}: ${PAGE_PROBLEMS[code]!.what}${detail}`,
    };
  };
  const turned: string[] = [];
  for (const num of nums.slice(0, o.maxPages)) {
    try {
      const page = await ocrPage(await image(num), {
        retryBelow: o.retryBelow,
        unreadableBelow: o.unreadableBelow,
        deadline: Date.now() + o.pageTimeoutMs,
      });
      if (page.status === 'blank') note('INGEST_OCR_PAGE_BLANK', num);
      else if (page.status === 'unreadable')
        note('INGEST_OCR_PAGE_UNREADABLE', num, ` (mean ${page.confidence.toFixed(0)})`);
      else run.pages.set(num, { text: page.text, words: page.words, confidence: page.confidence });
      if (page.turned !== 0 && page.status === 'ok') turned.push(`${num} (${page.turned}°)`);
    } catch (e) {
      if (e instanceof OcrTimeout) note('INGEST_OCR_PAGE_TIMEOUT', num, ` (${o.pageTimeoutMs} ms)`);
      else if (e instanceof IngestError && PAGE_PROBLEMS[e.code]) note(e.code, num, `: ${e.message}`);
      else if (isUnreadableImage(e)) note('INGEST_IMAGE_INVALID', num);
      else throw e;
    }
  }
  for (const [code, { pages, detail }] of byCode) {
    const { severity, what } = PAGE_PROBLEMS[code]!;
    run.warnings.push({
      code,
      severity,
      message: `page(s) ${pages.join(', ')} of ${total}: ${what}${pages.length === 1 ? detail : ''}`,
    });
  }
  if (turned.length > 0)
    run.warnings.push({
      code: 'INGEST_OCR_PAGE_TURNED',
      severity: 'info',
      message: `page(s) ${turned.join(', ')} of ${total} read turned (scanned sideways or upside down)`,
    });
  const skipped = nums.slice(o.maxPages);
  if (skipped.length > 0) {
    const message = `expected at most ${o.maxPages} pages to OCR, found ${nums.length}; page(s) ${skipped[0]}-${skipped.at(-1)} not coded`;
    run.warnings.push({ code: 'INGEST_OCR_PAGE_LIMIT', severity: 'warning', message });
  }
  return run;
}

/** The engine's own refusal of an image it cannot decode (a damaged PNG or JPEG). */
function isUnreadableImage(e: unknown): boolean {
  return e instanceof Error ? /read image|image/i.test(e.message) : typeof e === 'string' && /image/i.test(e);
}
