/**
 * The JSON Lines format: codes.jsonl, one line per chart (failed ones included, with their issues), in
 * chart-id order like the CSV files. The line is made in the worker (jsonl-line); the batch thread appends it.
 */
import { Buffer } from 'node:buffer';
import path from 'node:path';
import { AppendFile, intactFile, type FilePosition } from './append-file.js';
import { jsonlLine } from './jsonl-line.js';
import type { OutputFormat } from './output-format.js';

export const JSONL_FILE = 'codes.jsonl';

export interface JsonlLine {
  line: string;
  bytes: number;
}

export const jsonlFormat: OutputFormat<JsonlLine, FilePosition> = {
  name: 'jsonl',
  encode(record, batchId) {
    const line = jsonlLine(batchId, record);
    return { line, bytes: Buffer.byteLength(line) };
  },
  intact: (dir, kept) => intactFile(path.join(dir, JSONL_FILE), kept),
  open(dir, _opts, kept) {
    const file = new AppendFile(path.join(dir, JSONL_FILE), kept.at(-1));
    return {
      write: (chart) => file.append(chart.line, 1, chart.bytes),
      position: () => file.position(),
      async close() {
        await file.close();
        return { jsonl: [JSONL_FILE] };
      },
      abandon: () => file.close(),
    };
  },
};
