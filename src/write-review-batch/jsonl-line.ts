/**
 * One chart as a line of codes.jsonl: every code with its evidence spans, flags, alternatives, HCC, sequence
 * and diagnosis pointers as arrays and numbers (not packed into text cells), and every mention with its
 * assertion and attributes, the ones no code came from included (negated, family, hypothetical: what coders
 * and CDI want to see). Keys are snake_case like the CSV columns; their order is fixed, so the line is
 * byte-identical for the same record.
 */
import {
  documentFailed,
  hasFatal,
  recordFailed,
  type ChartRecord,
  type OcrInfo,
  type CodeSuggestion,
  type Evidence,
  type Mention,
} from '../contract/chart-record.js';
import { CODE_SYSTEM_URI } from './code-system-uris.js';
import { reviewOrder } from './rows.js';

/** Confidence and scores as the CSV files round them. */
const round3 = (x: number) => Math.round(x * 1000) / 1000;

const evidenceOf = (e: Evidence) => ({
  ...(e.chartId !== undefined ? { chart_id: e.chartId } : {}),
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
    ...(m.chartId !== undefined ? { chart_id: m.chartId } : {}),
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
  // An encounter's mention offsets are each document's own: by document first.
  const rank = new Map((r.documents ?? []).map((d, i) => [d.id, i]));
  const docOf = (m: Mention) => rank.get(m.chartId ?? '') ?? 0;
  const mentions = [...r.mentions].sort(
    (a, b) => docOf(a) - docOf(b) || a.range.start - b.range.start || a.range.end - b.range.end,
  );
  const about = r.documents
    ? encounterPart(r)
    : {
        chart_id: r.id,
        status: hasFatal(r) ? 'failed' : 'ok',
        source: r.source,
        encounter_type: r.encounter.type,
        date_of_service: r.encounter.dateOfService ?? null,
        code_sets: r.codeSets ?? {},
        ...ocrPart(r.pages.length, r.ocr),
        issues: r.issues,
      };
  const line = {
    batch_id: batchId,
    ...about,
    codes: reviewOrder(r.codes, r.documents).map(codeOf),
    mentions: mentions.map((m) => mentionOf(m, coded)),
  };
  return `${JSON.stringify(line)}\n`;
}

function ocrPart(pages: number, ocr: Pick<OcrInfo, 'pages' | 'meanConfidence'> | undefined) {
  return {
    pages,
    ocr_pages: ocr?.pages ?? [],
    ocr_confidence: ocr ? Math.round(ocr.meanConfidence * 10) / 10 : null,
  };
}

/** An encounter's line: its own fields and issues, then each document with its status, file, pages and issues. */
function encounterPart(r: ChartRecord) {
  return {
    encounter_id: r.id,
    status: recordFailed(r) ? 'failed' : 'ok',
    encounter_type: r.encounter.type,
    date_of_service: r.encounter.dateOfService ?? null,
    code_sets: r.codeSets ?? {},
    issues: r.issues,
    documents: r.documents!.map((d) => ({
      chart_id: d.id,
      status: documentFailed(r, d) ? 'failed' : 'ok',
      source: d.source,
      ...ocrPart(d.pages, d.ocr),
      issues: d.issues,
    })),
  };
}
