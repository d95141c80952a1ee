/**
 * Which files are page images, by their first bytes. Kept apart from the image reader so that listing and
 * reading text notes never load the image and OCR libraries.
 */
export type ImageKind = 'png' | 'jpeg' | 'tiff';

/** The image format by its first bytes, whatever the file is named. */
export function sniffImage(buf: Buffer): ImageKind | undefined {
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0x89504e47 && buf.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  const head = buf.subarray(0, 4).toString('latin1');
  if (head === 'II*\0' || head === 'MM\0*') return 'tiff';
  return undefined;
}

export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.tif', '.tiff']);
