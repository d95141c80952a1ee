/**
 * write-review-batch — the batch a coder opens: codes.csv and charts.csv. Records arrive in chart-id
 * order and go to the journal at once (so a crash loses nothing finished); at the end the CSV files
 * are written from the journal, line by line, and the journal is removed. The runner then commits
 * the folder atomically.
 * Requires: codes, issues. Produces: the batch files.
 * Example: output/.20261123-0100.partial/journal.jsonl → codes.csv, charts.csv.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { hasFatal } from '../chart-record.js';
import type { SinkStage } from '../pipeline/stage.js';
import { CsvParts, EXCEL_SAFE_ROWS } from './csv-parts.js';
import { JOURNAL, JournalWriter, readJournal } from './journal.js';
import { CHART_COLUMNS, CODE_COLUMNS, chartRow, codeRows } from './rows.js';

const options = z
  .object({
    /** Data rows per CSV file before a new part starts; the default stays under Excel's row limit. */
    maxRowsPerFile: z.number().int().min(1).max(EXCEL_SAFE_ROWS).default(EXCEL_SAFE_ROWS),
  })
  .strict();

export const writeReviewBatchStage: SinkStage<z.infer<typeof options>> = {
  kind: 'sink',
  name: 'write-review-batch',
  requires: ['codes', 'issues'],
  produces: [],
  options,
  setup(opts, ctx) {
    const journal = new JournalWriter(ctx.dir);
    return {
      write: (chart) => journal.append(chart.json),
      async close() {
        await journal.close();
        const codes = new CsvParts(ctx.dir, 'codes', CODE_COLUMNS, opts.maxRowsPerFile);
        const charts = new CsvParts(ctx.dir, 'charts', CHART_COLUMNS, opts.maxRowsPerFile);
        const totals = { charts: 0, failed: 0, codes: 0, auto: 0, stageMs: {} as Record<string, number> };
        for await (const record of readJournal(ctx.dir)) {
          await codes.writeGroup(codeRows(ctx.batchId, record));
          await charts.writeGroup([chartRow(ctx.batchId, record)]);
          totals.charts++;
          if (hasFatal(record)) totals.failed++;
          totals.codes += record.codes.length;
          totals.auto += record.codes.filter((c) => c.status === 'auto').length;
          for (const t of record.trace) totals.stageMs[t.stage] = (totals.stageMs[t.stage] ?? 0) + t.ms;
        }
        const [codeFiles, chartFiles] = await Promise.all([codes.close(), charts.close()]);
        await rm(path.join(ctx.dir, JOURNAL), { force: true });
        return { ...totals, files: { codes: codeFiles, charts: chartFiles } };
      },
    };
  },
};
