/**
 * write-review-batch — the batch a coder opens: codes.csv and charts.csv. Each finished chart is encoded
 * in the worker that coded it (its CSV lines and counts: `encodeChart`), reaches the batch thread in
 * chart-id order and is appended to the CSV files at once, then to the journal (see journal.ts), so a
 * crash loses nothing finished and a resume picks up where the files end. At the end the files are closed
 * and the journal removed; the runner then commits the folder atomically.
 * Requires: codes, issues. Produces: the batch files.
 * Example: output/.20261123-0100.partial/{codes.csv, charts.csv, journal.jsonl} → codes.csv, charts.csv.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BatchTotals, SinkStage } from '../contract/stage.js';
import { CsvParts, EXCEL_SAFE_ROWS, reaches } from './csv-parts.js';
import { encodeChart, type ChartLines, type ChartTotals } from './encode-chart.js';
import { JOURNAL, JournalWriter, keptEntries } from './journal.js';
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
    const dir = ctx.batch.dir;
    const kept = keptEntries(dir, (e) => reaches(dir, 'codes', e.at.codes) && reaches(dir, 'charts', e.at.charts));
    const last = kept.at(-1);
    const codes = new CsvParts(dir, 'codes', CODE_COLUMNS, opts.maxRowsPerFile, last?.at.codes);
    const charts = new CsvParts(dir, 'charts', CHART_COLUMNS, opts.maxRowsPerFile, last?.at.charts);
    const journal = new JournalWriter(dir);
    const tally = new Tally();
    for (const e of kept) tally.add(e);
    return {
      done: new Set(kept.map((e) => e.id)),
      async write(chart) {
        const lines = chart.encoded as ChartLines;
        await codes.writeGroup(lines.codeCsv, lines.totals.codes, lines.codeBytes);
        await charts.writeGroup(lines.chartCsv, 1, lines.chartBytes);
        await journal.append({ ...lines.totals, at: { codes: codes.position(), charts: charts.position() } });
        tally.add(lines.totals);
      },
      async close() {
        const [codeFiles, chartFiles] = await Promise.all([codes.close(), charts.close()]);
        await journal.close();
        await rm(path.join(dir, JOURNAL), { force: true });
        return tally.totals({ codes: codeFiles, charts: chartFiles });
      },
    };
  },
};

/** The batch's totals over every chart written (an interrupted run's included). */
class Tally {
  private charts = 0;
  private failed = 0;
  private codes = 0;
  private auto = 0;
  private readonly stageMs: Record<string, number> = {};
  private readonly releases: Record<string, Set<string>> = {};

  add(e: ChartTotals): void {
    this.charts++;
    if (e.failed) this.failed++;
    this.codes += e.codes;
    this.auto += e.auto;
    for (const [stage, ms] of Object.entries(e.stageMs)) this.stageMs[stage] = (this.stageMs[stage] ?? 0) + ms;
    for (const [system, version] of Object.entries(e.codeSets)) (this.releases[system] ??= new Set()).add(version);
  }

  totals(files: BatchTotals['files']): BatchTotals {
    const codeSets = Object.fromEntries(Object.entries(this.releases).map(([system, v]) => [system, [...v].sort()]));
    return { charts: this.charts, failed: this.failed, codes: this.codes, auto: this.auto, stageMs: this.stageMs, codeSets, files };
  }
}
