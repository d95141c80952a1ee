/**
 * What a PDF expands to, measured before pdf.js sees it. pdf.js decodes streams into typed arrays and images into
 * pixel buffers outside the V8 heap, where a worker's `resourceLimits` do not reach: a 1 MB file can inflate to a
 * gigabyte, an image can claim 60,000 × 60,000 pixels. So every stream's filters are run here first, counting bytes
 * and keeping none (zlib streaming; a bomb stops at the limit), and each image's declared size is read from its
 * dictionary. Over `maxDecodedBytes` the chart fails (INGEST_PDF_DECODED_TOO_LARGE); the largest image decides
 * whether pages may be rendered for OCR (INGEST_IMAGE_TOO_LARGE, per page). Not covered: streams of an encrypted
 * PDF (they cannot be decoded without its key) and inline images inside content streams.
 */
import { createInflate } from 'node:zlib';
import { IngestError } from './ingest-issue.js';
import { decodeAscii85, decodeAsciiHex, lzwDecodedLength, runLengthDecodedLength } from './pdf-filters.js';

export interface PdfExpansion {
  /** Bytes all streams decode to. */
  decodedBytes: number;
  /** Pixels (width × height) of the largest image the PDF declares. */
  largestImagePixels: number;
}

/** 256 MB: dozens of times what the streams of a 300-page typed chart decode to; two workers stay well under 2 GB. */
export const DEFAULT_MAX_DECODED_BYTES = 256 * 1024 * 1024;

const STREAM = Buffer.from('stream');
const FLATE = new Set(['FlateDecode', 'Fl']);

export async function measurePdf(buf: Buffer, maxDecodedBytes: number): Promise<PdfExpansion> {
  const found: PdfExpansion = { decodedBytes: 0, largestImagePixels: 0 };
  const resolver = new IndirectInts(buf);
  for (let at = buf.indexOf(STREAM); at >= 0; at = buf.indexOf(STREAM, at + STREAM.length)) {
    const start = dataStart(buf, at);
    if (start < 0) continue;
    const dict = dictBefore(buf, at);
    const length = resolver.value(dict, 'Length');
    // The stream's extent (its Length, else up to `endstream`): the scan goes on after it.
    const end = length > 0 && start + length <= buf.length ? start + length : endOfData(buf, start);
    at = Math.max(at, end - STREAM.length);
    if (/\/Subtype\s*\/Image\b/.test(dict)) {
      const pixels = resolver.value(dict, 'Width') * resolver.value(dict, 'Height');
      found.largestImagePixels = Math.max(found.largestImagePixels, pixels);
    }
    const left = maxDecodedBytes - found.decodedBytes;
    found.decodedBytes += await decodedLength(buf, { start, end }, filterNames(dict), left);
    if (found.decodedBytes > maxDecodedBytes) {
      throw new IngestError(
        'INGEST_PDF_DECODED_TOO_LARGE',
        `expected the PDF's streams to decode to at most ${maxDecodedBytes} bytes, found more (a file of ${buf.length} bytes)`,
      );
    }
  }
  return found;
}

/** Where a stream's data begins: after `stream` and its end of line; -1 for `endstream` or the word in data. */
function dataStart(buf: Buffer, at: number): number {
  if (at >= 3 && buf.toString('latin1', at - 3, at) === 'end') return -1;
  let p = at + STREAM.length;
  if (buf[p] === 0x0d) p++;
  if (buf[p] !== 0x0a && buf[p - 1] !== 0x0d) return -1;
  return buf[p] === 0x0a ? p + 1 : p;
}

/** The stream's dictionary: the text from its `obj` keyword (at most 64 KB back) to `stream`. */
function dictBefore(buf: Buffer, at: number): string {
  const from = Math.max(0, at - 65_536);
  const text = buf.toString('latin1', from, at);
  const obj = text.lastIndexOf(' obj');
  return obj >= 0 ? text.slice(obj) : text;
}

/** Bytes the stream's filter chain produces, counted up to `budget` (one more than the budget means "over"). */
async function decodedLength(
  buf: Buffer,
  { start, end }: { start: number; end: number },
  filters: string[],
  budget: number,
): Promise<number> {
  // Flate finds its own end, whatever Length or a stray `endstream` in the data say; the others need the extent.
  let data: Buffer = FLATE.has(filters[0] ?? '') ? buf.subarray(start) : buf.subarray(start, end);
  if (filters.length === 0) return data.length;
  for (const [i, name] of filters.entries()) {
    const last = i === filters.length - 1;
    if (FLATE.has(name)) {
      const out = await inflateCounted(data, budget, !last);
      if (last || out.bytes > budget) return out.bytes;
      data = Buffer.concat(out.kept);
    } else if (name === 'ASCIIHexDecode' || name === 'AHx') data = decodeAsciiHex(data);
    else if (name === 'ASCII85Decode' || name === 'A85') data = decodeAscii85(data);
    else if (name === 'LZWDecode' || name === 'LZW') return lzwDecodedLength(data, budget);
    else if (name === 'RunLengthDecode' || name === 'RL') return runLengthDecodedLength(data);
    // Image codecs (DCT, JPX, JBIG2, CCITT) decode to the pixels the image declares, bounded on their own.
    else return data.length;
  }
  return data.length;
}

function filterNames(dict: string): string[] {
  const m = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dict);
  return m ? [...m[1]!.matchAll(/\/([A-Za-z0-9]+)/g)].map((n) => n[1]!) : [];
}

function endOfData(buf: Buffer, start: number): number {
  const end = buf.indexOf('endstream', start, 'latin1');
  return end < 0 ? buf.length : end;
}

/** Inflates `data`, counting the output and stopping past `budget`; keeps the output only when asked (a chain). */
function inflateCounted(data: Buffer, budget: number, keep: boolean): Promise<{ bytes: number; kept: Buffer[] }> {
  return new Promise((resolve) => {
    const inflate = createInflate();
    const kept: Buffer[] = [];
    let bytes = 0;
    const done = () => resolve({ bytes, kept });
    inflate.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (keep) kept.push(chunk);
      if (bytes > budget) {
        inflate.destroy();
        done();
      }
    });
    // Damaged data ends the count: pdf.js stops at the same place.
    inflate.on('end', done).on('error', done).on('close', done);
    inflate.end(data);
  });
}

/** Integer values of dictionary keys, direct (`/Width 2550`) or indirect (`/Length 12 0 R`, looked up once). */
class IndirectInts {
  private text?: string;
  constructor(private readonly buf: Buffer) {}

  value(dict: string, key: string): number {
    const m = new RegExp(`/${key}\\s+(\\d+)(?:\\s+(\\d+)\\s+R)?`).exec(dict);
    if (!m) return 0;
    if (m[2] === undefined) return Number(m[1]);
    this.text ??= this.buf.toString('latin1');
    const obj = new RegExp(`(?:^|[^0-9])${m[1]}\\s+${m[2]}\\s+obj\\s*(\\d+)`).exec(this.text);
    return obj ? Number(obj[1]) : 0;
  }
}
