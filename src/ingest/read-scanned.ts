/**
 * Charts with scanned pages: PDFs whose pages (some or all) have no text layer, and page images (PNG, JPEG,
 * TIFF). `auto` OCRs the pages without text, `force` every page (a text layer that is garbage, a fax cover
 * printed to PDF), `off` none: then a PDF without text fails with INGEST_NO_TEXT_LAYER as before OCR existed.
 * A chart of which no page gave text fails with the reason of its first page (blank, unreadable, too large…).
 */
import type { ChartSource } from '../contract/chart-record.js';
import { IngestError } from './ingest-issue.js';
import { joinPages, type PageText } from './join-pages.js';
import type { OcrOptions } from './ocr-options.js';
import { ocrPages, type OcrRun } from './ocr-pages.js';
import type { ImageKind } from './image-kind.js';
import { imagePages } from './read-image.js';
import { readPdf, type PdfLimits } from './read-pdf.js';
import type { ChartText } from './chart-text.js';

export async function fromPdf(source: ChartSource, buf: Buffer, limits: PdfLimits, o: OcrOptions): Promise<ChartText> {
  let run: OcrRun | undefined;
  const pdf = await readPdf(
    buf,
    limits,
    o.mode === 'off'
      ? undefined
      : async (found, render) => {
          const nums = o.mode === 'force' ? found.pages.map((_, i) => i + 1) : found.emptyPages;
          if (nums.length > 0)
            run = await ocrPages(nums, found.pages.length, (num) => render(num, o.dpi, o.maxPixels), o);
        },
  );
  const pages: PageText[] = pdf.pages.map((layer, i) => {
    const read = run?.pages.get(i + 1);
    return read ? { ocr: read } : { layer };
  });
  const unread = pdf.emptyPages.filter((num) => !run?.pages.has(num));
  if (unread.length === pdf.pages.length) {
    if (run?.firstProblem)
      throw new IngestError(run.firstProblem.code as IngestError['code'], run.firstProblem.message);
    throw new IngestError(
      'INGEST_NO_TEXT_LAYER',
      `none of the ${pdf.pages.length} page(s) has a text layer and OCR is off; the PDF needs OCR`,
    );
  }
  const chart: ChartText = { source, ...joinPages(pages, o.lowConfidence), warnings: run?.warnings ?? [] };
  if (!run && unread.length > 0) {
    chart.warnings.push({
      code: 'INGEST_PAGE_NO_TEXT',
      severity: 'warning',
      message: `page(s) ${unread.join(', ')} of ${pdf.pages.length} have no text layer and were not coded (OCR is off)`,
    });
  }
  return chart;
}

export async function fromImage(
  source: ChartSource,
  buf: Buffer,
  kind: ImageKind,
  maxPages: number,
  o: OcrOptions,
): Promise<ChartText> {
  if (o.mode === 'off')
    throw new IngestError('INGEST_NO_TEXT_LAYER', `a ${kind.toUpperCase()} image has no text layer and OCR is off`);
  const images = imagePages(buf, kind, o.maxPixels);
  if (images.length > maxPages)
    throw new IngestError('INGEST_PDF_TOO_MANY_PAGES', `expected at most ${maxPages} pages, found ${images.length}`);
  const nums = images.map((_, i) => i + 1);
  const run = await ocrPages(nums, images.length, async (num) => images[num - 1]!(), o);
  if (run.pages.size === 0)
    throw new IngestError(run.firstProblem!.code as IngestError['code'], run.firstProblem!.message);
  // A page that gave no text keeps its place (an empty range), so later page numbers stay right.
  const pages: PageText[] = nums.map((num) => {
    const read = run.pages.get(num);
    return read ? { ocr: read } : { layer: '' };
  });
  return { source, ...joinPages(pages, o.lowConfidence), warnings: run.warnings };
}
