/**
 * The ingest stage's OCR options (`ingest.options.ocr` in a pipeline config). Each limit has its own issue
 * code, so a coder sees which one cut a chart short.
 */
import { z } from 'zod';

export const ocrOptions = z
  .object({
    /** `auto`: OCR the pages without a text layer, and image files; `force`: every PDF page too; `off`: never. */
    mode: z.enum(['off', 'auto', 'force']).default('auto'),
    /** Resolution PDF pages are rendered at for OCR (dots per inch). */
    dpi: z.number().int().min(72).max(600).default(200),
    /** Pages recognized per chart; the rest are reported (INGEST_OCR_PAGE_LIMIT) and not coded. */
    maxPages: z.number().int().positive().default(50),
    /** Time one page may take, turns included (INGEST_OCR_PAGE_TIMEOUT). */
    pageTimeoutMs: z.number().int().positive().default(60_000),
    /** Pixels per page image (INGEST_IMAGE_TOO_LARGE): 40 M is a letter page at 600 dpi; memory stays bounded. */
    maxPixels: z.number().int().positive().default(40_000_000),
    /** Evidence with an OCR word below this confidence (0-100) goes to review flagged `ocr_low_confidence`. */
    lowConfidence: z.number().min(0).max(100).default(85),
    /** A page whose mean word confidence stays below this is tried turned 180°, 90° and 270°. */
    retryBelow: z.number().min(0).max(100).default(60),
    /** A page whose mean word confidence stays below this (after the turns) is unreadable: no text is kept from it. */
    unreadableBelow: z.number().min(0).max(100).default(45),
  })
  .strict();

export type OcrOptions = z.infer<typeof ocrOptions>;

/** The defaults, for callers without a pipeline config (the LangChain loader, the library API). */
export const OCR_DEFAULTS: OcrOptions = ocrOptions.parse({});
