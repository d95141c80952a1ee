/**
 * Page images as charts: PNG, JPEG and TIFF (one page or many, as fax machines write them). The size of each
 * page is read from its header before any pixel is decoded, so a 20,000 × 20,000 image is refused with a coded
 * issue instead of taking gigabytes. PNG and JPEG go to the OCR engine as they are; TIFF pages (CCITT fax,
 * LZW, uncompressed…) are decoded here and handed over as PNG.
 */
import { createCanvas } from '@napi-rs/canvas';
import UTIF from 'utif2';
import type { ImageKind } from './image-kind.js';
import { IngestError } from './ingest-issue.js';

export interface Size {
  width: number;
  height: number;
}

/** A page of an image chart: its bytes for the OCR engine, made on demand (a TIFF page is decoded only when its turn comes). */
export type PageImage = () => Buffer;

/** One `PageImage` per page of the file; throws INGEST_IMAGE_INVALID when the file cannot be read as its format. */
export function imagePages(buf: Buffer, kind: ImageKind, maxPixels: number): PageImage[] {
  if (kind === 'tiff') return tiffPages(buf, maxPixels);
  const size = kind === 'png' ? pngSize(buf) : jpegSize(buf);
  if (!size) throw new IngestError('INGEST_IMAGE_INVALID', `the ${kind.toUpperCase()} header is missing or damaged`);
  return [() => (checkPixels(size, maxPixels), buf)];
}

/** Throws INGEST_IMAGE_TOO_LARGE when a page has more pixels than `maxPixels`. */
export function checkPixels(size: Size, maxPixels: number): void {
  if (size.width <= 0 || size.height <= 0)
    throw new IngestError('INGEST_IMAGE_INVALID', `expected a page with pixels, found ${size.width} × ${size.height}`);
  if (size.width * size.height > maxPixels) {
    throw new IngestError(
      'INGEST_IMAGE_TOO_LARGE',
      `expected at most ${maxPixels} pixels per page, found ${size.width} × ${size.height}`,
    );
  }
}

function pngSize(buf: Buffer): Size | undefined {
  if (buf.length < 24 || buf.subarray(12, 16).toString('latin1') !== 'IHDR') return undefined;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** The frame size from the first start-of-frame marker (SOF0–SOF15 but DHT, JPG and DAC). */
function jpegSize(buf: Buffer): Size | undefined {
  let p = 2;
  while (p + 9 < buf.length) {
    if (buf[p] !== 0xff) return undefined;
    const marker = buf[p + 1]!;
    if (marker === 0xff) {
      p++;
      continue;
    }
    const len = buf.readUInt16BE(p + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: buf.readUInt16BE(p + 5), width: buf.readUInt16BE(p + 7) };
    }
    p += 2 + len;
  }
  return undefined;
}

function tiffPages(buf: Buffer, maxPixels: number): PageImage[] {
  let ifds: UTIF.IFD[];
  try {
    ifds = UTIF.decode(buf);
  } catch {
    throw new IngestError('INGEST_IMAGE_INVALID', 'the TIFF file is damaged (its directory cannot be read)');
  }
  // Thumbnails and masks (NewSubfileType bit 0 or 2) are not pages.
  const pages = ifds.filter((ifd) => (Number(tag(ifd, 't254')) & 5) === 0 && tag(ifd, 't256') !== undefined);
  if (pages.length === 0) throw new IngestError('INGEST_IMAGE_INVALID', 'the TIFF file holds no page image');
  return pages.map((ifd) => () => {
    checkPixels({ width: Number(tag(ifd, 't256')), height: Number(tag(ifd, 't257')) }, maxPixels);
    try {
      UTIF.decodeImage(buf, ifd);
      const rgba = UTIF.toRGBA8(ifd);
      if (rgba.length !== ifd.width * ifd.height * 4) throw new Error('short');
      return rgbaToPng(rgba, ifd.width, ifd.height);
    } catch {
      throw new IngestError('INGEST_IMAGE_INVALID', 'the TIFF page is damaged (its pixels cannot be decoded)');
    }
  });
}

function tag(ifd: UTIF.IFD, name: string): number | undefined {
  const v = ifd[name];
  return Array.isArray(v) ? Number(v[0]) : typeof v === 'number' ? v : undefined;
}

/** Decoded pixels as PNG bytes, the form the OCR engine reads. */
export function rgbaToPng(rgba: Uint8Array, width: number, height: number): Buffer {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const data = ctx.createImageData(width, height);
  data.data.set(rgba);
  ctx.putImageData(data, 0, 0);
  return canvas.toBuffer('image/png');
}
