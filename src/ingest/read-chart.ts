/**
 * Read one chart file into normalized text with page ranges. Shared by the ingest stage and the
 * LangChain loader so both read charts the same way.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { ChartSource } from '../contract/chart-record.js';
import type { ChartText } from './chart-text.js';
import { IngestError, NOT_REGULAR_FILE } from './ingest-issue.js';
import { normalizeText } from './normalize.js';
import { OCR_DEFAULTS, type OcrOptions } from './ocr-options.js';
import { IMAGE_EXTENSIONS, sniffImage } from './image-kind.js';
import { decodeText } from './read-text.js';

export interface ReadLimits {
  maxBytes: number;
  maxPages: number;
  /** OCR of scanned pages and images; the defaults (`auto`) when not given. */
  ocr?: OcrOptions;
  /** Characters of decoded text (default DEFAULT_MAX_CHARS). */
  maxChars?: number;
  /** Bytes a PDF's streams may decode to (default DEFAULT_MAX_DECODED_BYTES, pdf-budget.ts). */
  maxDecodedBytes?: number;
}

/** About 2,000 pages of dense text (a 5 MB one-line chart still codes): far above any real chart, far below what strains a worker's heap. */
export const DEFAULT_MAX_CHARS = 6_000_000;

export type { ChartText };

const TEXT_EXTENSIONS = new Set(['', '.txt', '.text', '.note', '.asc']);

export async function readChart(file: string, limits: ReadLimits): Promise<ChartText> {
  const buf = readLimited(file, limits.maxBytes);
  const sha256 = createHash('sha256').update(buf).digest('hex');
  const ext = path.extname(file).toLowerCase();
  const isPdf = ext === '.pdf' || buf.subarray(0, 5).toString('latin1') === '%PDF-';
  const image = isPdf ? undefined : sniffImage(buf);
  if (!isPdf && !image) {
    if (IMAGE_EXTENSIONS.has(ext))
      throw new IngestError(
        'INGEST_IMAGE_INVALID',
        `expected a ${ext.slice(1).toUpperCase()} image, found other bytes`,
      );
    if (!TEXT_EXTENSIONS.has(ext)) {
      throw new IngestError(
        'INGEST_UNSUPPORTED_TYPE',
        `expected a .pdf, a page image (.tif, .png, .jpg) or a plain-text chart (.txt), found ${ext.slice(0, 12)}`,
      );
    }
  }
  const source: ChartSource = { path: file, kind: isPdf ? 'pdf' : image ? 'image' : 'text', sha256, bytes: buf.length };
  const ocr = limits.ocr ?? OCR_DEFAULTS;
  const chart = isPdf
    ? await (
        await loadScanned()
      ).fromPdf(
        source,
        buf,
        {
          maxPages: limits.maxPages,
          ...(limits.maxDecodedBytes !== undefined ? { maxDecodedBytes: limits.maxDecodedBytes } : {}),
        },
        ocr,
      )
    : image
      ? await (await loadScanned()).fromImage(source, buf, image, limits.maxPages, ocr)
      : fromText(source, buf);
  return checkLength(chart, limits.maxChars ?? DEFAULT_MAX_CHARS);
}

function checkLength(chart: ChartText, maxChars: number): ChartText {
  if (chart.text.length > maxChars) {
    throw new IngestError(
      'INGEST_TEXT_TOO_LONG',
      `expected at most ${maxChars} characters of text, found ${chart.text.length}`,
    );
  }
  return chart;
}

/**
 * The PDF and OCR readers are loaded at the first PDF or image, not at start: a batch of text notes never
 * needs pdf.js, the canvas or the OCR engine, and each worker thread would otherwise load them.
 */
let scanned: Promise<typeof import('./read-scanned.js')> | undefined;
const loadScanned = () => (scanned ??= import('./read-scanned.js'));

/**
 * The file's bytes, refused past `maxBytes`. Read synchronously on purpose: a worker is busy coding
 * anyway, and the promise API costs four thread-pool round trips per file (open, stat, read, close),
 * about a tenth of the CPU a 3 KB note takes. The size is that of the open file, so a file that grows
 * between the check and the read is still cut at the limit.
 */
function readLimited(file: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    // Non-blocking, so a named pipe given as a chart fails below instead of waiting forever for a writer.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return unreadable(e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new IngestError('INGEST_UNSUPPORTED_TYPE', NOT_REGULAR_FILE);
    if (st.size > maxBytes)
      throw new IngestError('INGEST_TOO_LARGE', `expected at most ${maxBytes} bytes, found ${st.size}`);
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break; // the file shrank since fstat
      got += n;
    }
    return buf.subarray(0, got);
  } catch (e) {
    if (e instanceof IngestError) throw e;
    return unreadable(e);
  } finally {
    closeSync(fd);
  }
}

function unreadable(e: unknown): never {
  const code = (e as NodeJS.ErrnoException).code ?? 'unknown';
  throw new IngestError('INGEST_UNREADABLE', `cannot read the file (${code})`);
}

function fromText(source: ChartSource, buf: Buffer): ChartText {
  const decoded = decodeText(buf);
  const chart = textChart(source, decoded.text);
  if (decoded.encoding === 'windows-1252') {
    chart.warnings.push({
      code: 'INGEST_TEXT_DECODED_LATIN1',
      severity: 'info',
      message: 'not valid UTF-8; decoded as Windows-1252 (Latin-1)',
    });
  }
  return chart;
}

/** A chart whose text is already in memory (LangChain Documents, the library API). */
export function fromMemory(label: string, raw: string): ChartText {
  const bytes = Buffer.byteLength(raw, 'utf8');
  const sha256 = createHash('sha256').update(raw, 'utf8').digest('hex');
  return textChart({ path: label, kind: 'text', sha256, bytes }, raw);
}

function textChart(source: ChartSource, raw: string): ChartText {
  const text = normalizeText(raw);
  if (text.trim() === '') throw new IngestError('INGEST_EMPTY_FILE', 'the chart holds only white space');
  return { source, text, pages: [{ start: 0, end: text.length }], warnings: [] };
}
