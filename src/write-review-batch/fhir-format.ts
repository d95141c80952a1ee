/**
 * The FHIR format: `fhir/<chart id>.json`, one R4 Bundle per chart (fhir-bundle), made in the worker and
 * written whole by the batch thread before the chart's journal entry, so a journaled chart's file is complete.
 * A resume keeps a chart's file only when it still has the journaled size and CRC-32, and removes the files of
 * charts the journal does not keep (a crash may have left one half-written). At close every file and the folder
 * are synced to the disk, before the batch is committed.
 * Characters of a chart id that are unsafe in a file name (`/`, `%`, a leading dot, …) are percent-encoded.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syncToDisk } from '../batch/batch-folder.js';
import { chartBundle } from './fhir-bundle.js';
import { crc32, intactPrefix } from './file-checksum.js';
import type { OutputFormat } from './output-format.js';

export const FHIR_DIR = 'fhir';

export interface FhirFile {
  /** Path inside the batch folder (`fhir/<name>.json`). */
  file: string;
  text: string;
  bytes: number;
}

/** Where the FHIR output ends: the last file written, its size and CRC-32 (`file` empty before the first). */
export interface FhirPosition {
  file: string;
  bytes: number;
  crc: number;
}

/** The file name of a chart's bundle: the id, percent-encoded where unsafe; ids too long for a name end in a hash. */
export function fhirFileName(chartId: string): string {
  let name = encodeURIComponent(chartId).replace(/^\./, '%2E').replaceAll('*', '%2A');
  if (name.length > 200)
    name = `${name.slice(0, 150)}-${createHash('sha256').update(chartId).digest('hex').slice(0, 16)}`;
  return `${FHIR_DIR}/${name}.json`;
}

export const fhirFormat: OutputFormat<FhirFile, FhirPosition> = {
  name: 'fhir',
  encode(record, batchId) {
    const text = `${JSON.stringify(chartBundle(batchId, record))}\n`;
    return { file: fhirFileName(record.id), text, bytes: Buffer.byteLength(text) };
  },
  intact: (dir, kept) => intactPrefix(kept, (at) => holdsFile(path.join(dir, at.file), at)),
  open(dir, _opts, kept) {
    const files = kept.map((p) => p.file);
    removeOthers(dir, new Set(files));
    let last: FhirPosition = kept.at(-1) ?? { file: '', bytes: 0, crc: 0 };
    return {
      async write(chart) {
        await writeFile(path.join(dir, chart.file), chart.text, { mode: 0o600 });
        files.push(chart.file);
        last = { file: chart.file, bytes: chart.bytes, crc: crc32(chart.text) };
      },
      position: () => last,
      async close() {
        for (const f of [...files, FHIR_DIR]) await syncToDisk(path.join(dir, f));
        return { fhir: files };
      },
      // Each bundle is written whole and closed at once: nothing is left open.
      abandon: async () => undefined,
    };
  },
};

/** Makes the owner-only `fhir/` folder, emptied of any file an interrupted run wrote for a chart not kept. */
function removeOthers(dir: string, keep: ReadonlySet<string>): void {
  const folder = path.join(dir, FHIR_DIR);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  for (const name of readdirSync(folder)) {
    if (!keep.has(`${FHIR_DIR}/${name}`)) rmSync(path.join(folder, name), { force: true, recursive: true });
  }
}

/** Whether `file` has the journaled size and CRC-32. */
function holdsFile(file: string, at: FhirPosition): boolean {
  if (at.crc === undefined || !existsSync(file)) return false;
  const bytes = readFileSync(file);
  return bytes.length === at.bytes && crc32(bytes) === at.crc;
}
