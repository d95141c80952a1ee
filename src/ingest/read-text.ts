/**
 * Decode a plain-text chart: BOM-marked UTF-8 / UTF-16, then strict UTF-8, then Latin-1
 * (Windows-1252) as the fallback interface engines and old systems still produce.
 * Binary content (NUL bytes outside UTF-16) is refused rather than coded as gibberish.
 */
import iconv from 'iconv-lite';
import { IngestError } from './ingest-issue.js';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeText(buf: Buffer): DecodedText {
  if (buf.length === 0) throw new IngestError('INGEST_EMPTY_FILE', 'the file has zero bytes');
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: checkedUtf8(buf.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (buf[0] === 0xff && buf[1] === 0xfe)
    return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff)
    return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  if (looksBinary(buf)) {
    throw new IngestError('INGEST_TEXT_BINARY', 'expected text, found binary content (NUL bytes)');
  }
  try {
    return { text: utf8.decode(buf), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buf, 'win1252'), encoding: 'windows-1252' };
  }
}

function checkedUtf8(buf: Buffer): string {
  try {
    return utf8.decode(buf);
  } catch {
    throw new IngestError('INGEST_TEXT_BINARY', 'the file starts with a UTF-8 byte order mark but is not valid UTF-8');
  }
}

/** NUL bytes in the first 8 KB, or mostly non-text bytes: not a text chart. */
function looksBinary(buf: Buffer): boolean {
  const head = buf.subarray(0, 8192);
  let odd = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) odd++;
  }
  return odd > head.length * 0.1;
}
