/**
 * The FHIR format: `fhir/<chart id>.json`, one R4 Bundle per chart (fhir-bundle), made in the worker and
 * written whole by the batch thread before the chart's journal entry, so a journaled chart's file is complete.
 * A resume keeps a chart's file only when it still has the journaled size and CRC-32, and removes the files of
 * charts the journal does not keep (a crash may have left one half-written). At close every file and the folder
 * are synced to the disk, before the batch is committed.
 * File names, the check and the clean-up are chart-files' (shared with the text format).
 */
import { Buffer } from 'node:buffer';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syncToDisk } from '../batch/batch-folder.js';
import { chartBundle } from './fhir-bundle.js';
import { chartFileName, holdsFile, keepOnly, type ChartFilePosition } from './chart-files.js';
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
export type FhirPosition = ChartFilePosition;

/** The file name of a chart's bundle. */
export const fhirFileName = (chartId: string): string => chartFileName(FHIR_DIR, chartId);

export const fhirFormat: OutputFormat<FhirFile, FhirPosition> = {
  name: 'fhir',
  encode(record, batchId) {
    const text = `${JSON.stringify(chartBundle(batchId, record))}\n`;
    return { file: fhirFileName(record.id), text, bytes: Buffer.byteLength(text) };
  },
  intact: (dir, kept) => intactPrefix(kept, (at) => holdsFile(path.join(dir, at.file), at)),
  open(dir, _opts, kept) {
    const files = kept.map((p) => p.file);
    keepOnly(dir, FHIR_DIR, new Set(files));
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
