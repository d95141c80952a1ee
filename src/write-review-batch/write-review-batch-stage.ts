/**
 * write-review-batch — the batch a coder opens and the department's systems read: codes.csv and charts.csv,
 * and with `--format` codes.jsonl and fhir/<chart>.json too. Each output format is a plug-in (output-format.ts):
 * every finished chart is encoded by each format in the worker that coded it, reaches the batch thread in
 * chart-id order and is appended to each format's files at once, then to the journal (see journal.ts) with
 * where each format's files end, so a crash loses nothing finished and a resume picks up where the files end.
 * At the end the files are closed and the journal removed; the runner then commits the folder atomically.
 * Requires: codes, issues. Produces: the batch files.
 * Example: output/.20261123-0100.partial/{codes.csv, charts.csv, journal.jsonl} → codes.csv, charts.csv.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BatchTotals, SinkStage } from '../contract/stage.js';
import { chartWritten, crashPoint } from '../batch/test-faults.js';
import { EXCEL_SAFE_ROWS } from './csv-parts.js';
import { encodeChart, type ChartTotals, type EncodedChart } from './encode-chart.js';
import { formatsOf } from './formats.js';
import { JOURNAL, JournalWriter, keptEntries } from './journal.js';
import type { FormatName } from './output-format.js';

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
  encoder(_opts, batch) {
    const formats = formatsOf(batch.formats as FormatName[] | undefined);
    return (record) => encodeChart(batch.id, record, formats);
  },
  setup(opts, ctx) {
    const dir = ctx.batch.dir;
    const formats = formatsOf(ctx.batch.formats as FormatName[] | undefined);
    // An entry is kept while every format's files hold, byte for byte, what it says they held after it.
    const { kept, changedInputs } = keptEntries(dir, (entries) =>
      Math.min(
        ...formats.map((f) => {
          const known = entries.findIndex((e) => e.at[f.name] === undefined);
          return f.intact(
            dir,
            entries.slice(0, known < 0 ? entries.length : known).map((e) => e.at[f.name]),
          );
        }),
      ),
    );
    const writers = formats.map(
      (f) =>
        [
          f.name,
          f.open(
            dir,
            { ...opts, ...(ctx.batch.encounters ? { encounters: true } : {}) },
            kept.map((e) => e.at[f.name]),
          ),
        ] as const,
    );
    const journal = new JournalWriter(dir);
    const tally = new Tally();
    for (const e of kept) tally.add(e);
    let writtenNow = 0;
    const abandon = async () => {
      // Every file is closed even when one fails (a full disk): none is left to the garbage collector.
      await Promise.allSettled([...writers.map(([, w]) => w.abandon()), journal.close()]);
    };
    return {
      done: new Set(kept.map((e) => e.id)),
      changedInputs,
      async write(chart) {
        const encoded = chart.encoded as EncodedChart;
        const at: Record<string, unknown> = {};
        for (const [name, w] of writers) {
          await w.write(encoded.outputs[name]);
          at[name] = w.position();
        }
        await journal.append({ ...encoded.totals, at });
        tally.add(encoded.totals);
        await chartWritten(++writtenNow, abandon);
      },
      async close() {
        const files = Object.assign(
          {},
          ...(await Promise.all(writers.map(([, w]) => w.close()))),
        ) as BatchTotals['files'];
        await journal.close();
        crashPoint('journal-closed'); // every chart written and journaled: the point the resume tests damage files at
        await rm(path.join(dir, JOURNAL), { force: true });
        return tally.totals(files);
      },
      abandon,
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
    // An encounter counts its documents: every input is one chart of the manifest's totals.
    this.charts += e.documents?.length ?? 1;
    this.failed += e.documents ? e.documents.filter((d) => d.failed).length : e.failed ? 1 : 0;
    this.codes += e.codes;
    this.auto += e.auto;
    for (const [stage, ms] of Object.entries(e.stageMs)) this.stageMs[stage] = (this.stageMs[stage] ?? 0) + ms;
    for (const [system, version] of Object.entries(e.codeSets)) (this.releases[system] ??= new Set()).add(version);
  }

  totals(files: BatchTotals['files']): BatchTotals {
    const codeSets = Object.fromEntries(Object.entries(this.releases).map(([system, v]) => [system, [...v].sort()]));
    return {
      charts: this.charts,
      failed: this.failed,
      codes: this.codes,
      auto: this.auto,
      stageMs: this.stageMs,
      codeSets,
      files,
    };
  }
}
