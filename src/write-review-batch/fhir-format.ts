/**
 * The FHIR format: `fhir/<chart id>.json`, one R4 Bundle per chart (fhir-bundle), made in the worker and
 * written whole by the batch thread before the chart's journal entry, so a journaled chart's file is complete.
 * A resume removes the files of charts the journal does not keep (a crash may have left one half-written).
 * Characters of a chart id that are unsafe in a file name (`/`, `%`, a leading dot, …) are percent-encoded.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chartBundle } from './fhir-bundle.js';
import type { OutputFormat } from './output-format.js';

export const FHIR_DIR = 'fhir';

export interface FhirFile {
  /** Path inside the batch folder (`fhir/<name>.json`). */
  file: string;
  text: string;
  bytes: number;
}

/** Where the FHIR output ends: the last file written and its size (`file` empty before the first). */
export interface FhirPosition {
  file: string;
  bytes: number;
}

/** The file name of a chart's bundle: the id, percent-encoded where unsafe; ids too long for a name end in a hash. */
export function fhirFileName(chartId: string): string {
  let name = encodeURIComponent(chartId).replace(/^\./, '%2E').replaceAll('*', '%2A');
  if (name.length > 200) name = `${name.slice(0, 150)}-${createHash('sha256').update(chartId).digest('hex').slice(0, 16)}`;
  return `${FHIR_DIR}/${name}.json`;
}

export const fhirFormat: OutputFormat<FhirFile, FhirPosition> = {
  name: 'fhir',
  encode(record, batchId) {
    const text = `${JSON.stringify(chartBundle(batchId, record))}\n`;
    return { file: fhirFileName(record.id), text, bytes: Buffer.byteLength(text) };
  },
  reaches(dir, at) {
    const file = path.join(dir, at.file);
    return existsSync(file) && statSync(file).size === at.bytes;
  },
  open(dir, _opts, kept) {
    const files = kept.map((p) => p.file);
    removeOthers(dir, new Set(files));
    let last: FhirPosition = kept.at(-1) ?? { file: '', bytes: 0 };
    return {
      async write(chart) {
        await writeFile(path.join(dir, chart.file), chart.text, { mode: 0o600 });
        files.push(chart.file);
        last = { file: chart.file, bytes: chart.bytes };
      },
      position: () => last,
      close: async () => ({ fhir: files }),
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
