/**
 * Read a PDF's text layer with pdf-parse, page by page. Pages with no text are reported
 * (they need OCR); a PDF with no text at all is a fatal INGEST_NO_TEXT_LAYER, never an empty success.
 */
import { IngestError } from './ingest-issue.js';

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

export async function readPdf(buf: Buffer, maxPages: number): Promise<PdfText> {
  if (buf.length === 0) throw new IngestError('INGEST_EMPTY_FILE', 'the file has zero bytes');
  const pdf = await loadPdfParse();
  const { PDFParse } = pdf;
  // pdf.js detaches the buffer it is given; hand it a copy so the caller's stays usable.
  const parser = new PDFParse({ data: new Uint8Array(buf), verbosity: 0 });
  try {
    const result = await parser.getText({ first: maxPages, pageJoiner: '', disableNormalization: true });
    if (result.total > maxPages) {
      throw new IngestError('INGEST_PDF_TOO_MANY_PAGES', `expected at most ${maxPages} pages, found ${result.total}`);
    }
    const pages = result.pages.sort((a, b) => a.num - b.num).map((p) => p.text);
    const emptyPages = pages.flatMap((t, i) => (visibleChars(t) < MIN_PAGE_CHARS ? [i + 1] : []));
    if (emptyPages.length === pages.length) {
      throw new IngestError('INGEST_NO_TEXT_LAYER', `none of the ${pages.length} page(s) has a text layer; the PDF needs OCR`);
    }
    return { pages, emptyPages };
  } catch (e) {
    throw asIngestError(e, pdf);
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

function visibleChars(s: string): number {
  return s.replace(/\s+/g, '').length;
}

function asIngestError(e: unknown, { PasswordException, InvalidPDFException }: PdfParseModule): IngestError {
  if (e instanceof IngestError) return e;
  if (e instanceof PasswordException) return new IngestError('INGEST_PDF_ENCRYPTED', 'the PDF is encrypted (password protected)');
  if (e instanceof InvalidPDFException) return new IngestError('INGEST_PDF_INVALID', 'the file is not a readable PDF (corrupt or truncated)');
  const name = e instanceof Error ? e.name : typeof e;
  return new IngestError('INGEST_PDF_INVALID', `the PDF could not be parsed (${name})`);
}
