/**
 * How well extract-mentions and classify-assertion serve the codes: mention recall is the share of gold
 * evidence spans overlapped by an extracted mention whose assertion matches the gold code's; mention
 * precision is the share of extracted mentions asserted present that overlap some gold evidence span.
 * A span the matcher never saw (a drug name behind a Z79 code, a sentence behind an external cause) is
 * a miss here: this measures what the NLP hands to map-codes, not how codes are chosen from it.
 */
import type { Mention } from '../contract/chart-record.js';
import type { GoldChart } from './gold.js';

export interface MentionCoverage {
  goldSpans: number;
  /** Gold spans overlapped by a mention with the gold code's assertion. */
  covered: number;
  /** Gold spans overlapped by some mention, whatever its assertion. */
  touched: number;
  presentMentions: number;
  /** Present mentions that overlap a gold evidence span. */
  presentInGold: number;
  /** Uncovered gold spans, as `chartId code "text"`, for reading what the NLP misses (fixture text only). */
  missed: string[];
}

export const emptyCoverage = (): MentionCoverage => ({
  goldSpans: 0,
  covered: 0,
  touched: 0,
  presentMentions: 0,
  presentInGold: 0,
  missed: [],
});

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

/** Add one chart's counts to `into` (mentions sorted by start, as the pipeline emits them). */
export function addCoverage(into: MentionCoverage, gold: GoldChart, mentions: Mention[]): MentionCoverage {
  const spans = gold.codes.flatMap((c) => c.evidence.map((e) => ({ ...e, code: c.code, assertion: c.assertion })));
  for (const s of spans) {
    const near = mentions.filter((m) => overlaps(m.range, s));
    into.goldSpans++;
    if (near.length > 0) into.touched++;
    if (
      near.some(
        (m) => m.assertion === s.assertion || (m.assertion === 'present' && m.termCodes.some((t) => t.code === s.code)),
      )
    )
      into.covered++;
    else
      into.missed.push(
        `${gold.chartId} ${s.code} ${JSON.stringify(s.text)}${near.length ? ` (as ${near.map((m) => m.assertion).join('/')})` : ''}`,
      );
  }
  for (const m of mentions) {
    if (m.assertion !== 'present') continue;
    into.presentMentions++;
    if (spans.some((s) => overlaps(m.range, s))) into.presentInGold++;
  }
  return into;
}

export function coverageFigures(c: MentionCoverage): { recall: number; precision: number; f1: number } {
  const recall = c.goldSpans ? c.covered / c.goldSpans : 0;
  const precision = c.presentMentions ? c.presentInGold / c.presentMentions : 0;
  return { recall, precision, f1: recall + precision ? (2 * recall * precision) / (recall + precision) : 0 };
}
