/**
 * One chart as a line of codes.jsonl: every code with its evidence spans, flags, alternatives, HCC, sequence
 * and diagnosis pointers as arrays and numbers (not packed into text cells), and every mention with its
 * assertion and attributes, the ones no code came from included (negated, family, hypothetical: what coders
 * and CDI want to see). Keys are snake_case like the CSV columns; their order is fixed, so the line is
 * byte-identical for the same record.
 */
import {
  hasFatal,
  type ChartRecord,
  type CodeSuggestion,
  type Evidence,
  type Mention,
} from '../contract/chart-record.js';
import { CODE_SYSTEM_URI } from './code-system-uris.js';
import { reviewOrder } from './rows.js';

/** Confidence and scores as the CSV files round them. */
const round3 = (x: number) => Math.round(x * 1000) / 1000;

const evidenceOf = (e: Evidence) => ({
  start: e.range.start,
  end: e.range.end,
  page: e.page,
  section: e.section,
  assertion: e.assertion,
  mention_id: e.mentionId,
  text: e.text,
});

function codeOf(c: CodeSuggestion) {
  return {
    system: c.system,
    system_uri: CODE_SYSTEM_URI[c.system],
    code: c.code,
    description: c.title,
    confidence: round3(c.confidence),
    status: c.status,
    flags: c.flags,
    evidence: c.evidence.map(evidenceOf),
    alternatives: c.alternatives.map((a) => ({ code: a.code, score: round3(a.score) })),
    sequence: c.sequence ?? null,
    dx_pointers: c.diagnosisPointers ?? [],
    hcc: c.hcc ?? null,
    second_opinion: c.secondOpinion ?? null,
  };
}

function mentionOf(m: Mention, coded: ReadonlySet<string>) {
  return {
    id: m.id,
    start: m.range.start,
    end: m.range.end,
    text: m.text,
    kind: m.kind,
    section: m.section,
    assertion: m.assertion,
    assertion_rule: m.assertionRule ?? null,
    attributes: m.attributes,
    rule_id: m.ruleId,
    term_codes: m.termCodes,
    coded: coded.has(m.id),
  };
}

export function jsonlLine(batchId: string, r: ChartRecord): string {
  const coded = new Set(r.codes.flatMap((c) => c.evidence.map((e) => e.mentionId)));
  const mentions = [...r.mentions].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  const line = {
    batch_id: batchId,
    chart_id: r.id,
    status: hasFatal(r) ? 'failed' : 'ok',
    source: r.source,
    encounter_type: r.encounter.type,
    date_of_service: r.encounter.dateOfService ?? null,
    code_sets: r.codeSets ?? {},
    pages: r.pages.length,
    ocr_pages: r.ocr?.pages ?? [],
    ocr_confidence: r.ocr ? Math.round(r.ocr.meanConfidence * 10) / 10 : null,
    issues: r.issues,
    codes: reviewOrder(r.codes).map(codeOf),
    mentions: mentions.map((m) => mentionOf(m, coded)),
  };
  return `${JSON.stringify(line)}\n`;
}
