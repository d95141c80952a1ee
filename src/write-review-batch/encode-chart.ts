/**
 * One chart as the review batch writes it: what each output format makes of it, and the totals the
 * manifest and a resume need (kept in the journal). Made in the worker that coded the chart, so the
 * batch thread only moves bytes.
 */
import { documentFailed, recordFailed, type ChartRecord } from '../contract/chart-record.js';
import type { OutputFormat } from './output-format.js';

/** What the manifest counts for one chart; the journal keeps one per chart written. */
export interface ChartTotals {
  id: string;
  failed: boolean;
  /** Codes suggested (rows in codes.csv). */
  codes: number;
  auto: number;
  stageMs: Record<string, number>;
  codeSets: Record<string, string>;
  /** The chart's file as it was read (absent when it could not be read): a resume codes it again if the file changed. */
  input?: InputFile;
  /** An encounter: each document, whether it failed, and its file as read (a resume codes the encounter again if one changed). */
  documents?: { id: string; failed: boolean; input?: InputFile }[];
}

export interface InputFile {
  path: string;
  sha256: string;
  bytes: number;
}

const inputOf = (source: ChartRecord['source']): { input?: InputFile } =>
  source.sha256 !== '' ? { input: { path: source.path, sha256: source.sha256, bytes: source.bytes } } : {};

export interface EncodedChart {
  totals: ChartTotals;
  /** Format name → what that format's `encode` made. */
  outputs: Record<string, unknown>;
}

export function chartTotals(record: ChartRecord): ChartTotals {
  const stageMs: Record<string, number> = {};
  for (const t of record.trace) stageMs[t.stage] = (stageMs[t.stage] ?? 0) + t.ms;
  // Microseconds are plenty for the manifest's sums, and keep the journal line short.
  for (const stage in stageMs) stageMs[stage] = Math.round(stageMs[stage]! * 1000) / 1000;
  return {
    id: record.id,
    failed: recordFailed(record),
    codes: record.codes.length,
    auto: record.codes.filter((c) => c.status === 'auto').length,
    stageMs,
    codeSets: record.codeSets ?? {},
    ...(record.documents
      ? {
          documents: record.documents.map((d) => ({
            id: d.id,
            failed: documentFailed(record, d),
            ...inputOf(d.source),
          })),
        }
      : inputOf(record.source)),
  };
}

export function encodeChart(batchId: string, record: ChartRecord, formats: readonly OutputFormat[]): EncodedChart {
  const outputs: Record<string, unknown> = {};
  for (const f of formats) outputs[f.name] = f.encode(record, batchId);
  return { totals: chartTotals(record), outputs };
}
