/**
 * The `more_evidence` cell of codes.csv, written and read in one place: spans separated by `; `, each
 * `start-end` in the row's own chart, or `chart:start-end` when it lies in another document of the row's
 * encounter (that document's own offsets). Every reader (the review page, `eval --batch`) parses it here, so a
 * span in another document is never read as a NaN offset into this one.
 * Example: `120-131; op-knee:40-52` → [{start: 120, end: 131}, {chart: 'op-knee', start: 40, end: 52}].
 */
import type { Evidence } from '../contract/chart-record.js';

export interface MoreEvidenceSpan {
  /** The document the span is in, when not the row's own. */
  chart?: string;
  start: number;
  end: number;
}

/** One span as the cell lists it: `chart:` only when it is in another document than the row's. */
export const formatSpan = (e: Evidence, rowChart: string | undefined): string =>
  e.chartId !== undefined && e.chartId !== rowChart
    ? `${e.chartId}:${e.range.start}-${e.range.end}`
    : `${e.range.start}-${e.range.end}`;

// The chart id is everything before the last colon (an id may hold colons and dashes; the offsets never do).
const SPAN = /^(?:(.*):)?(\d+)-(\d+)$/;

/** The spans of a `more_evidence` cell; a piece that is not a span (a hand-edited cell) is skipped. */
export function parseMoreEvidence(cell: string | undefined): MoreEvidenceSpan[] {
  const spans: MoreEvidenceSpan[] = [];
  for (const piece of (cell ?? '').split(';')) {
    const m = SPAN.exec(piece.trim());
    if (!m) continue;
    spans.push({ ...(m[1] !== undefined ? { chart: m[1] } : {}), start: Number(m[2]), end: Number(m[3]) });
  }
  return spans;
}

/** The spans that lie in `chart`'s own text: the unnamed ones and any naming it. */
export const spansIn = (spans: readonly MoreEvidenceSpan[], chart: string): { start: number; end: number }[] =>
  spans.filter((s) => s.chart === undefined || s.chart === chart).map(({ start, end }) => ({ start, end }));
