/**
 * One chart as the review batch writes it: its CSV lines, their sizes in bytes, and the journal entry the
 * manifest and a resume need. Made in the worker that coded the chart, so the batch thread only moves bytes.
 */
import { Buffer } from 'node:buffer';
import { hasFatal, type ChartRecord } from '../contract/chart-record.js';
import { csvLines } from './csv-file.js';
import { CHART_COLUMNS, CODE_COLUMNS, chartRow, codeRows } from './rows.js';

/** What the manifest counts for one chart; the journal keeps one per chart written. */
export interface ChartTotals {
  id: string;
  failed: boolean;
  /** Rows in codes.csv. */
  codes: number;
  auto: number;
  stageMs: Record<string, number>;
  codeSets: Record<string, string>;
}

export interface ChartLines {
  totals: ChartTotals;
  codeCsv: string;
  codeBytes: number;
  chartCsv: string;
  chartBytes: number;
}

export function encodeChart(batchId: string, record: ChartRecord): ChartLines {
  const stageMs: Record<string, number> = {};
  for (const t of record.trace) stageMs[t.stage] = (stageMs[t.stage] ?? 0) + t.ms;
  // Microseconds are plenty for the manifest's sums, and keep the journal line short.
  for (const stage in stageMs) stageMs[stage] = Math.round(stageMs[stage]! * 1000) / 1000;
  const totals: ChartTotals = {
    id: record.id,
    failed: hasFatal(record),
    codes: record.codes.length,
    auto: record.codes.filter((c) => c.status === 'auto').length,
    stageMs,
    codeSets: record.codeSets ?? {},
  };
  const codeCsv = csvLines(codeRows(batchId, record), CODE_COLUMNS);
  const chartCsv = csvLines([chartRow(batchId, record)], CHART_COLUMNS);
  return { totals, codeCsv, codeBytes: Buffer.byteLength(codeCsv), chartCsv, chartBytes: Buffer.byteLength(chartCsv) };
}
