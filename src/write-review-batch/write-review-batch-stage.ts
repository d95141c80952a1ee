/**
 * write-review-batch — the batch a coder opens: codes.csv and charts.csv. Each finished chart is encoded
 * in the worker that coded it (its CSV lines and counts: `encodeChart`), reaches the batch thread in
 * chart-id order and goes to the journal at once, so a crash loses nothing finished; at the end the CSV
 * files are written from the journal, line by line, and the journal is removed. The runner then commits
 * the folder atomically.
 * Requires: codes, issues. Produces: the batch files.
 * Example: output/.20261123-0100.partial/journal.jsonl → codes.csv, charts.csv.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { SinkStage } from '../pipeline/stage.js';
import { CsvParts, EXCEL_SAFE_ROWS } from './csv-parts.js';
import { encodeChart, type JournalEntry } from './encode-chart.js';
import { JOURNAL, JournalWriter, readJournal } from './journal.js';
import { CHART_COLUMNS, CODE_COLUMNS } from './rows.js';

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
  encoder: (_opts, batchId) => (record) => encodeChart(batchId, record),
  setup(opts, ctx) {
    const journal = new JournalWriter(ctx.batch.dir);
    return {
      write: (chart) => journal.append(chart.line),
      async close() {
        await journal.close();
        const codes = new CsvParts(ctx.batch.dir, 'codes', CODE_COLUMNS, opts.maxRowsPerFile);
        const charts = new CsvParts(ctx.batch.dir, 'charts', CHART_COLUMNS, opts.maxRowsPerFile);
        const totals = { charts: 0, failed: 0, codes: 0, auto: 0, stageMs: {} as Record<string, number> };
        const releases: Record<string, Set<string>> = {};
        for await (const e of readJournal<JournalEntry>(ctx.batch.dir)) {
          await codes.writeGroup(e.codeCsv, e.codes);
          await charts.writeGroup(e.chartCsv, 1);
          totals.charts++;
          if (e.failed) totals.failed++;
          totals.codes += e.codes;
          totals.auto += e.auto;
          for (const [stage, ms] of Object.entries(e.stageMs)) totals.stageMs[stage] = (totals.stageMs[stage] ?? 0) + ms;
          for (const [system, version] of Object.entries(e.codeSets)) (releases[system] ??= new Set()).add(version);
        }
        const [codeFiles, chartFiles] = await Promise.all([codes.close(), charts.close()]);
        await rm(path.join(ctx.batch.dir, JOURNAL), { force: true });
        const codeSets = Object.fromEntries(Object.entries(releases).map(([system, v]) => [system, [...v].sort()]));
        return { ...totals, codeSets, files: { codes: codeFiles, charts: chartFiles } };
      },
    };
  },
};
