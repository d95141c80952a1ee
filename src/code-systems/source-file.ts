/**
 * Reading an official release file: plain or gzipped, decoded as the publisher writes it
 * (CMS order and HCPCS files are ASCII/Latin-1, the XML files UTF-8), and the coded error every
 * importer raises for a bad line, with the file and line number.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ChartcoderError } from '../contract/errors.js';

export function readSourceText(file: string, encoding: 'latin1' | 'utf8'): string {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new ChartcoderError(
      'INPUT_NOT_FOUND',
      `cannot read code-set source file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      file,
    );
  }
  if (file.endsWith('.gz')) {
    try {
      buf = gunzipSync(buf);
    } catch {
      throw new ChartcoderError('CODESET_PARSE_ERROR', 'expected a gzip file, found a corrupt or truncated one', file);
    }
  }
  return buf.toString(encoding);
}

/** A parse error pinned to `file:line`; `found` is a short excerpt of the offending input (code-set text, never chart text). */
export function parseError(file: string, line: number, expected: string, found?: string): ChartcoderError {
  const shown =
    found === undefined ? '' : `, found ${JSON.stringify(found.length > 40 ? `${found.slice(0, 40)}…` : found)}`;
  return new ChartcoderError('CODESET_PARSE_ERROR', `expected ${expected}${shown}`, `${file}:${line}`);
}

/** Lines without their ends, numbered from 1; blank lines are skipped by the callers. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** sha256 of the file as stored (compressed or not), recorded in the bundle manifest. */
export function fileSha256(file: string): string {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch (e) {
    throw new ChartcoderError(
      'INPUT_NOT_FOUND',
      `cannot read code-set source file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      file,
    );
  }
}
