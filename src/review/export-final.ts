/**
 * `chartcoder review --export`: `<batch>/final-codes.csv`, what the coders kept per chart — accepted
 * suggestions, the codes they changed to, the codes they added — in chart-id order, as Excel-safe as the
 * batch's own CSV files. Written to a temporary name and renamed, so a reader never sees half a file; the
 * batch's codes.csv and charts.csv are not touched. Rows of charts still in progress say so (`review_state`).
 */
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { CsvFile } from '../write-review-batch/csv-file.js';
import type { BatchIndex } from './batch-index.js';
import type { DecisionLog } from './decision-log.js';
import { keptCodes, reviewedCharts } from './reviewed-charts.js';

export const FINAL_CODES = 'final-codes.csv';

export const FINAL_COLUMNS = [
  'batch_id',
  'chart_id',
  'system',
  'code',
  'origin',
  'suggested_code',
  'suggested_status',
  'confidence',
  'evidence_start',
  'evidence_end',
  'coder',
  'decided_at',
  'review_state',
  'cdi_queries',
] as const;

export interface ExportSummary {
  file: string;
  rows: number;
  charts: number;
  done: number;
  inProgress: number;
}

export async function exportFinalCodes(index: BatchIndex, log: DecisionLog): Promise<ExportSummary> {
  const file = path.join(index.dir, FINAL_CODES);
  const tmp = `${file}.tmp-${process.pid}`;
  const csv = new CsvFile(tmp, FINAL_COLUMNS);
  const summary: ExportSummary = { file, rows: 0, charts: 0, done: 0, inProgress: 0 };
  for (const c of reviewedCharts(index, log)) {
    summary.charts++;
    if (c.state === 'done') summary.done++;
    else summary.inProgress++;
    for (const k of keptCodes(c)) {
      const ev =
        k.from?.evidence[0] ??
        (k.decision.start !== undefined ? { start: k.decision.start, end: k.decision.end! } : undefined);
      await csv.write({
        batch_id: index.batchId,
        chart_id: c.entry.id,
        system: k.system,
        code: k.code,
        origin: k.origin,
        suggested_code: k.from?.code ?? '',
        suggested_status: k.from?.status ?? '',
        confidence: k.from ? k.from.confidence.toFixed(3) : '',
        evidence_start: ev?.start ?? '',
        evidence_end: ev?.end ?? '',
        coder: k.decision.coder ?? '',
        decided_at: k.decision.at ?? '',
        review_state: c.state,
        cdi_queries: k.decision.queries.map((q) => q.note).join(' | '),
      });
      summary.rows++;
    }
  }
  await csv.close();
  await rename(tmp, file);
  return summary;
}
