/**
 * Read a PDF's text layer with pdf-parse, page by page, and say which pages have none (scanned pages).
 * While the PDF is open, `scans` may render those pages as images for OCR (pdf.js drawing on
 * `@napi-rs/canvas`, at a scale that keeps each page image under the pixel limit). What pdf.js would allocate
 * outside the V8 heap is bounded first (pdf-budget.ts): decoded stream bytes, the page count, image pixels.
 */
import { IngestError } from './ingest-issue.js';
import { DEFAULT_MAX_DECODED_BYTES, measurePdf, type PdfExpansion } from './pdf-budget.js';

type PdfParseModule = typeof import('./pdf-parse-module.js');

/**
 * pdf-parse (pdf.js) is loaded at the first PDF, not at start: a batch of text notes never needs it, and each
 * worker thread (and the batch thread) would otherwise spend about 0.1 s and 30 MB loading it.
 */
let pdfParse: Promise<PdfParseModule> | undefined;
const loadPdfParse = (): Promise<PdfParseModule> => (pdfParse ??= import('./pdf-parse-module.js'));

export interface PdfText {
  pages: string[];
  /** Page numbers (1-based) with no usable text. */
  emptyPages: number[];
}

/** A page with fewer visible characters than this has no real text layer (page numbers, stamps). */
const MIN_PAGE_CHARS = 16;

/** Renders page `num` (1-based) as PNG at `dpi`, shrunk to at most `maxPixels`. */
export type RenderPage = (num: number, dpi: number, maxPixels: number) => Promise<Buffer>;

/** What to do with the pages that have no text layer, while the PDF is open. */
export type ScannedPages = (text: PdfText, render: RenderPage) => Promise<void>;

export interface PdfLimits {
  maxPages: number;
  /** Bytes the PDF's streams may decode to, all together (INGEST_PDF_DECODED_TOO_LARGE). */
  maxDecodedBytes?: number;
}

export async function readPdf(buf: Buffer, limits: PdfLimits, scans?: ScannedPages): Promise<PdfText> {
  if (buf.length === 0) throw new IngestError('INGEST_EMPTY_FILE', 'the file has zero bytes');
  const { maxPages, maxDecodedBytes = DEFAULT_MAX_DECODED_BYTES } = limits;
  const expansion = await measurePdf(buf, maxDecodedBytes);
  const pdf = await loadPdfParse();
  const { PDFParse } = pdf;
  // pdf.js detaches the buffer it is given; hand it a copy so the caller's stays usable.
  const parser = new PDFParse({ data: new Uint8Array(buf), verbosity: 0 });
  try {
    // The page tree's count, before any page is parsed (load() is what getText calls first; its type hides it).
    const total = (await (parser as unknown as { load(): Promise<{ numPages: number }> }).load()).numPages;
    if (total > maxPages) {
      throw new IngestError('INGEST_PDF_TOO_MANY_PAGES', `expected at most ${maxPages} pages, found ${total}`);
    }
    const result = await parser.getText({ first: maxPages, pageJoiner: '', disableNormalization: true });
    const pages = result.pages.sort((a, b) => a.num - b.num).map((p) => p.text);
    const text = { pages, emptyPages: pages.flatMap((t, i) => (visibleChars(t) < MIN_PAGE_CHARS ? [i + 1] : [])) };
    if (scans) await scans(text, (num, dpi, maxPixels) => renderPage(parser, expansion, num, dpi, maxPixels));
    return text;
  } catch (e) {
    throw asIngestError(e, pdf);
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

async function renderPage(
  parser: InstanceType<PdfParseModule['PDFParse']>,
  expansion: PdfExpansion,
  num: number,
  dpi: number,
  maxPixels: number,
): Promise<Buffer> {
  // pdf.js decodes an image at the size it declares before scaling it down: refuse before it allocates.
  if (expansion.largestImagePixels > maxPixels) {
    throw new IngestError(
      'INGEST_IMAGE_TOO_LARGE',
      `the PDF holds an image of ${expansion.largestImagePixels} pixels, expected at most ${maxPixels} (ocr.maxPixels); its pages are not rendered`,
    );
  }
  const info = await parser.getInfo({ parsePageInfo: true, partial: [num] });
  const { width, height } = info.pages[0] ?? { width: 612, height: 792 };
  // Points are 1/72 inch; a huge page is rendered smaller rather than refused (its text is still worth reading).
  const scale = Math.min(dpi / 72, Math.sqrt(maxPixels / Math.max(1, width * height)));
  const shot = await parser.getScreenshot({ partial: [num], scale, imageBuffer: true, imageDataUrl: false });
  const data = shot.pages[0]?.data;
  if (!data) throw new IngestError('INGEST_IMAGE_INVALID', 'the page could not be rendered');
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function visibleChars(s: string): number {
  return s.replace(/\s+/g, '').length;
}

function asIngestError(e: unknown, { PasswordException, InvalidPDFException }: PdfParseModule): IngestError {
  if (e instanceof IngestError) return e;
  if (e instanceof PasswordException)
    return new IngestError('INGEST_PDF_ENCRYPTED', 'the PDF is encrypted (password protected)');
  if (e instanceof InvalidPDFException)
    return new IngestError('INGEST_PDF_INVALID', 'the file is not a readable PDF (corrupt or truncated)');
  const name = e instanceof Error ? e.name : typeof e;
  return new IngestError('INGEST_PDF_INVALID', `the PDF could not be parsed (${name})`);
}
