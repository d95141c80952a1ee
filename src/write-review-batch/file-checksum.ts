/**
 * Checksums of the batch files as they grow, so a resume keeps only what the disk holds byte for byte. A
 * file's size says nothing of its content: a power cut can leave a file at full length with a zero-filled
 * tail, and damage keeps the size. Each journaled position carries the CRC-32 of its file from the first
 * byte to that position; a resume reads each file once and stops at the first position whose CRC differs.
 * CRC-32 (IEEE, as zip and gzip use) continues from a previous value, so the writer never re-reads a file.
 */
import { Buffer } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import zlib from 'node:zlib';

const TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

/** CRC-32 in JavaScript, for a Node without zlib's (before 20.15): the same values, five times slower. */
function tableCrc32(data: Buffer | string, crc = 0): number {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let c = ~crc;
  for (let i = 0; i < buf.length; i++) c = TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * CRC-32 of `data` (a string as its UTF-8 bytes) continued from `crc` (0 for the start of a file). zlib's native
 * one where Node has it: the batch thread checksums every byte it writes, and with codes.jsonl and fhir/ on (about
 * 17 KB per chart) the JavaScript loop was a third of what those formats added to a run's CPU.
 */
export const crc32: (data: Buffer | string, crc?: number) => number =
  typeof zlib.crc32 === 'function' ? (data, crc = 0) => zlib.crc32(data, crc) : tableCrc32;

/**
 * Reads one file forward and says whether its first `bytes` have a given CRC, for positions in increasing
 * order (one pass, however many positions). A missing or shorter file holds nothing past its end.
 */
export class PrefixCheck {
  private fd: number | undefined;
  private at = 0;
  private crc = 0;
  private readonly chunk = Buffer.allocUnsafe(1 << 20);

  constructor(file: string) {
    try {
      this.fd = openSync(file, 'r');
    } catch {
      this.fd = undefined; // missing or unreadable: holds nothing
    }
  }

  /** Whether the file's first `bytes` bytes have CRC `crc` (false once a position is behind the last one asked). */
  holds(bytes: number, crc: number | undefined): boolean {
    if (this.fd === undefined || crc === undefined || bytes < this.at) return false;
    while (this.at < bytes) {
      const n = readSync(this.fd, this.chunk, 0, Math.min(this.chunk.length, bytes - this.at), this.at);
      if (n === 0) return false;
      this.crc = crc32(this.chunk.subarray(0, n), this.crc);
      this.at += n;
    }
    return this.crc === crc;
  }

  /** Whether the file was there to read. */
  opened(): boolean {
    return this.fd !== undefined;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** How many of `positions` (in order, each a prefix of the same file) `check` finds intact, stopping at the first that is not. */
export function intactPrefix<P>(positions: readonly P[], check: (p: P) => boolean): number {
  let n = 0;
  while (n < positions.length && check(positions[n]!)) n++;
  return n;
}
