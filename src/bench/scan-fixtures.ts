/**
 * Scanned charts made from the typed fixtures, for the OCR tests and bench (no image is committed): each
 * chart's text is set in DejaVu Sans 11 pt on letter pages at 200 dpi. The degraded set adds what a fax does:
 * a slight skew and speckle noise, from a seeded generator so every run makes the same pages.
 * Also writes the containers: a PDF of image pages (pdf-lib, dev dependency) and a multi-page TIFF.
 */
import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts, loadImage, type SKRSContext2D } from '@napi-rs/canvas';

export const FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

export interface ScanStyle {
  dpi?: number;
  /** Degrees the page is turned (skew); 180 makes an upside-down page. */
  skew?: number;
  /** Share of pixels flipped to black or white (speckle). */
  noise?: number;
  seed?: number;
}

let fontReady = false;
function font(): void {
  if (fontReady) return;
  if (!existsSync(FONT_FILE))
    throw new Error(`the scanned fixtures need ${FONT_FILE} (Debian package fonts-dejavu-core)`);
  GlobalFonts.registerFromPath(FONT_FILE, 'ScanFixture');
  fontReady = true;
}

/** The text wrapped into lines and split into letter pages, as the page images will show it. */
export function layoutPages(text: string, dpi = 200): string[][] {
  font();
  const ctx = createCanvas(10, 10).getContext('2d');
  const px = (11 / 72) * dpi;
  ctx.font = `${px}px ScanFixture`;
  const width = 7 * dpi;
  const perPage = Math.floor((9.5 * dpi) / (px * 1.25));
  const lines: string[] = [];
  for (const raw of text.replace(/\r/g, '').split('\n')) {
    let line = '';
    for (const word of raw.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (line && ctx.measureText(next).width > width) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    lines.push(line);
  }
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += perPage) pages.push(lines.slice(i, i + perPage));
  return pages;
}

/** One PNG per page of `text`. */
export function scanPages(text: string, style: ScanStyle = {}): Buffer[] {
  const dpi = style.dpi ?? 200;
  return layoutPages(text, dpi).map((lines, i) => drawPage(lines, dpi, { ...style, seed: (style.seed ?? 1) + i }));
}

function drawPage(lines: string[], dpi: number, style: ScanStyle): Buffer {
  const canvas = createCanvas(Math.round(8.5 * dpi), 11 * dpi);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.translate(canvas.width / 2, canvas.height / 2);
  ctx.rotate(((style.skew ?? 0) * Math.PI) / 180);
  ctx.translate(-canvas.width / 2, -canvas.height / 2);
  const px = (11 / 72) * dpi;
  ctx.font = `${px}px ScanFixture`;
  ctx.fillStyle = 'black';
  lines.forEach((line, i) => ctx.fillText(line, 0.75 * dpi, 0.75 * dpi + px + i * px * 1.25));
  if (style.noise) speckle(ctx, canvas.width, canvas.height, style.noise, style.seed ?? 1);
  return canvas.toBuffer('image/png');
}

/** A small linear congruential generator: the same seed makes the same noise on every machine. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function speckle(ctx: SKRSContext2D, w: number, h: number, share: number, seed: number): void {
  const img = ctx.getImageData(0, 0, w, h);
  const next = random(seed);
  const flips = Math.round(w * h * share);
  for (let i = 0; i < flips; i++) {
    const p = Math.floor(next() * w * h) * 4;
    const v = next() < 0.5 ? 0 : 255;
    img.data[p] = img.data[p + 1] = img.data[p + 2] = v;
  }
  ctx.putImageData(img, 0, 0);
}

/** A page of random black and white pixels: no text at all. */
export function noisePage(width = 800, height = 1000, seed = 7): Buffer {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(width, height);
  const next = random(seed);
  for (let p = 0; p < img.data.length; p += 4) {
    const v = next() < 0.5 ? 0 : 255;
    img.data[p] = img.data[p + 1] = img.data[p + 2] = v;
    img.data[p + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return canvas.toBuffer('image/png');
}

/** Uncompressed 8-bit grey multi-page TIFF of the given PNG pages (what many fax servers write, less the compression). */
export async function tiffOf(pngs: Buffer[]): Promise<Buffer> {
  const pages = await Promise.all(
    pngs.map(async (png) => {
      const img = await loadImage(png);
      const ctx = createCanvas(img.width, img.height).getContext('2d');
      ctx.drawImage(img, 0, 0);
      const rgba = ctx.getImageData(0, 0, img.width, img.height).data;
      const grey = Buffer.alloc(img.width * img.height);
      for (let i = 0; i < grey.length; i++) grey[i] = rgba[i * 4]!;
      return { width: img.width, height: img.height, grey };
    }),
  );
  const parts: Buffer[] = [Buffer.from('II*\0\0\0\0\0', 'latin1')];
  let offset = 8;
  const ifdOffsets: number[] = [];
  for (const page of pages) {
    const pixelsAt = offset;
    parts.push(page.grey);
    offset += page.grey.length;
    if (offset % 2) {
      parts.push(Buffer.alloc(1));
      offset++;
    }
    const tags: [number, number, number][] = [
      [256, 4, page.width],
      [257, 4, page.height],
      [258, 3, 8],
      [259, 3, 1],
      [262, 3, 1],
      [273, 4, pixelsAt],
      [277, 3, 1],
      [278, 4, page.height],
      [279, 4, page.grey.length],
    ];
    const ifd = Buffer.alloc(2 + tags.length * 12 + 4);
    ifd.writeUInt16LE(tags.length, 0);
    tags.forEach(([tag, type, value], i) => {
      ifd.writeUInt16LE(tag, 2 + i * 12);
      ifd.writeUInt16LE(type, 4 + i * 12);
      ifd.writeUInt32LE(1, 6 + i * 12);
      if (type === 3) ifd.writeUInt16LE(value, 10 + i * 12);
      else ifd.writeUInt32LE(value, 10 + i * 12);
    });
    ifdOffsets.push(offset);
    parts.push(ifd);
    offset += ifd.length;
  }
  const out = Buffer.concat(parts);
  out.writeUInt32LE(ifdOffsets[0]!, 4);
  // Each directory points at the next; the last at 0.
  ifdOffsets.forEach((at, i) => {
    const count = out.readUInt16LE(at);
    out.writeUInt32LE(ifdOffsets[i + 1] ?? 0, at + 2 + count * 12);
  });
  return out;
}
