/**
 * What the formats that write a file per chart (fhir/, text/) share: the file name of a chart id, the check
 * that a journaled file is still whole, and the owner-only folder emptied of files no journaled chart kept.
 * Characters of a chart id that are unsafe in a file name (`/`, `%`, a leading dot, …) are percent-encoded.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from './file-checksum.js';

/** Where a chart's file ends, as the journal keeps it: its path in the batch folder, size and CRC-32. */
export interface ChartFilePosition {
  file: string;
  bytes: number;
  crc: number;
}

/** `<folder>/<name>.json`: the id percent-encoded where unsafe; ids too long for a name end in a hash. */
export function chartFileName(folder: string, chartId: string): string {
  let name = encodeURIComponent(chartId).replace(/^\./, '%2E').replaceAll('*', '%2A');
  if (name.length > 200)
    name = `${name.slice(0, 150)}-${createHash('sha256').update(chartId).digest('hex').slice(0, 16)}`;
  return `${folder}/${name}.json`;
}

/** Makes the owner-only `folder`, emptied of any file an interrupted run wrote for a chart not kept. */
export function keepOnly(dir: string, folder: string, keep: ReadonlySet<string>): void {
  const full = path.join(dir, folder);
  mkdirSync(full, { recursive: true, mode: 0o700 });
  for (const name of readdirSync(full)) {
    if (!keep.has(`${folder}/${name}`)) rmSync(path.join(full, name), { force: true, recursive: true });
  }
}

/** Whether `file` has the journaled size and CRC-32. */
export function holdsFile(file: string, at: ChartFilePosition): boolean {
  if (at.crc === undefined || !existsSync(file)) return false;
  const bytes = readFileSync(file);
  return bytes.length === at.bytes && crc32(bytes) === at.crc;
}
