/**
 * One chart as the review batch keeps it: its CSV lines already encoded, and the counts the manifest
 * needs. Made in the worker that coded the chart; one journal line (JSON escapes the CRLFs inside).
 */
import { hasFatal, type ChartRecord } from '../chart-record.js';
import { csvLines } from './csv-file.js';
import { CHART_COLUMNS, CODE_COLUMNS, chartRow, codeRows } from './rows.js';

export interface JournalEntry {
  id: string;
  failed: boolean;
  /** Rows in `codeCsv`. */
  codes: number;
  auto: number;
  stageMs: Record<string, number>;
  codeSets: Record<string, string>;
  codeCsv: string;
  chartCsv: string;
}

export function encodeChart(batchId: string, record: ChartRecord): string {
  const stageMs: Record<string, number> = {};
  for (const t of record.trace) stageMs[t.stage] = (stageMs[t.stage] ?? 0) + t.ms;
  const entry: JournalEntry = {
    id: record.id,
    failed: hasFatal(record),
    codes: record.codes.length,
    auto: record.codes.filter((c) => c.status === 'auto').length,
    stageMs,
    codeSets: record.codeSets ?? {},
    codeCsv: csvLines(codeRows(batchId, record), CODE_COLUMNS),
    chartCsv: csvLines([chartRow(batchId, record)], CHART_COLUMNS),
  };
  return JSON.stringify(entry);
}
