/**
 * Hostile PDFs, made here byte by byte (never downloaded), for the memory bench and the tests: a small file whose
 * stream decompresses to far more than the file (a "zip bomb" in a content stream), a page whose image claims huge
 * dimensions, and a page tree of tens of thousands of pages. Each is a valid PDF that pdf.js opens.
 */
import { once } from 'node:events';
import { createDeflate, deflateSync } from 'node:zlib';

/** A PDF of the given object bodies (object n is bodies[n-1]; object 1 the catalog), with a correct xref table. */
export function rawPdf(bodies: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  bodies.forEach((body, i) => {
    offsets.push(at);
    const obj = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n'),
    ]);
    parts.push(obj);
    at += obj.length;
  });
  const xref = [
    'xref',
    `0 ${bodies.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>`,
    `startxref\n${at}\n%%EOF\n`,
  ].join('\n');
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

const stream = (dict: string, data: Buffer) =>
  Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream')]);

const font = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';

/**
 * A line of text and zeros, `bytes` long once inflated, deflated a megabyte at a time: no buffer of that size is ever
 * held (a bench that held one would start the CLI it measures with its own high-water mark). zlib's ratio tops out
 * near 1000:1, so a GB costs about a MB of file.
 */
async function deflatedZeros(bytes: number): Promise<Buffer> {
  const deflate = createDeflate();
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const ended = once(deflate, 'end');
  deflate.write(Buffer.from('BT /F1 12 Tf 72 720 Td (Hypertension) Tj ET\n'));
  const mb = Buffer.alloc(Math.min(bytes, 1 << 20));
  for (let left = bytes; left > 0; left -= mb.length) {
    if (!deflate.write(left >= mb.length ? mb : mb.subarray(0, left))) await once(deflate, 'drain');
  }
  deflate.end();
  await ended;
  return Buffer.concat(out);
}

/**
 * One page whose content stream inflates to `decodedBytes` (zeros after a line of text: whitespace to pdf.js);
 * `chained` deflates it twice (`/Filter [/FlateDecode /FlateDecode]`), so a gigabyte fits in a few kilobytes.
 */
export async function streamBombPdf(decodedBytes: number, chained = false): Promise<Buffer> {
  const deflated = await deflatedZeros(decodedBytes);
  const content = chained
    ? stream('/Filter [/FlateDecode /FlateDecode]', deflateSync(deflated))
    : stream('/Filter /FlateDecode', deflated);
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    content,
    font,
  ]);
}

/** One page with no text and an image that claims `width` × `height` gray pixels (its data is a few bytes). */
export function hugeImagePdf(width: number, height: number): Buffer {
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>',
    stream('', Buffer.from('q 612 0 0 792 0 0 cm /Im1 Do Q')),
    stream(
      `/Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`,
      deflateSync(Buffer.alloc(4096, 255)),
    ),
  ]);
}

/** A page tree of `count` pages, all the same small text page (the file stays small: one reference per page). */
export function manyPagesPdf(count: number): Buffer {
  const kids = Array.from({ length: count }, () => '3 0 R').join(' ');
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${count} >>`,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    stream('', Buffer.from('BT /F1 12 Tf 72 720 Td (Essential hypertension.) Tj ET')),
    font,
  ]);
}
