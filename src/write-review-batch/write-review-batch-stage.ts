/**
 * write-review-batch — the batch a coder opens: codes.csv, charts.csv and manifest.json, written into
 * a temporary folder and committed atomically (rename, then `_SUCCESS` last), so a reader never sees
 * half a batch. Receives records in chart-id order, so the files are deterministic.
 * Requires: codes, issues. Produces: the batch folder.
 * Example: output/20261123-0100/{codes.csv, charts.csv, manifest.json, _SUCCESS}.
 */
import { z } from 'zod';
import type { SinkStage } from '../pipeline/stage.js';
import { CsvFile } from './csv-file.js';
import { CHART_COLUMNS, CODE_COLUMNS, chartRow, codeRows } from './rows.js';
import path from 'node:path';

const options = z.object({}).strict();

export const writeReviewBatchStage: SinkStage<z.infer<typeof options>> = {
  kind: 'sink',
  name: 'write-review-batch',
  requires: ['codes', 'issues'],
  produces: [],
  options,
  setup(_opts, ctx) {
    const codes = new CsvFile(path.join(ctx.dir, 'codes.csv'), CODE_COLUMNS);
    const charts = new CsvFile(path.join(ctx.dir, 'charts.csv'), CHART_COLUMNS);
    return {
      async write(record) {
        for (const row of codeRows(ctx.batchId, record)) await codes.write(row);
        await charts.write(chartRow(ctx.batchId, record));
      },
      async close() {
        await Promise.all([codes.close(), charts.close()]);
      },
    };
  },
};
