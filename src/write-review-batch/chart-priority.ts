/**
 * How soon a coder should open a chart: the `priority` column of charts.csv and the order of the
 * review page's work list. A failed chart comes first (nothing was coded: a coder must code it by
 * hand); then, per code, what a coding department works first: a CDI query (the physician must be
 * asked before the claim can go), an HCC category (risk adjustment: revenue at stake), a review row,
 * and the confidence missing from each review row. Higher is sooner; 0 is a chart with only auto rows.
 */
import { hasFatal, type ChartRecord, type CodeSuggestion } from '../contract/chart-record.js';
import { isQueryProvider } from '../contract/flag-reasons.js';

/** Weights, kept here so the README table and the score agree (README documents them). */
export const PRIORITY_WEIGHTS = { failed: 100, query: 8, hcc: 5, review: 3, uncertainty: 4 } as const;

export function chartPriority(record: Pick<ChartRecord, 'codes' | 'issues'>): number {
  if (hasFatal(record)) return PRIORITY_WEIGHTS.failed;
  let score = 0;
  for (const c of record.codes) score += codePriority(c);
  return Math.round(score * 10) / 10;
}

function codePriority(c: Pick<CodeSuggestion, 'status' | 'flags' | 'hcc' | 'confidence'>): number {
  const w = PRIORITY_WEIGHTS;
  let s = 0;
  if (c.flags.some(isQueryProvider)) s += w.query;
  if (c.hcc && !c.hcc.includes('[outranked')) s += w.hcc;
  if (c.status === 'review') s += w.review + w.uncertainty * (1 - c.confidence);
  return s;
}
