/**
 * The two CSV layouts of a batch, one place for their columns (README documents each).
 * codes.csv: one row per suggested code. charts.csv: one row per input, ok or failed.
 */
import { hasFatal, type ChartRecord, type CodeSuggestion } from '../contract/chart-record.js';
import { chartPriority } from './chart-priority.js';
import { formatSpan } from './more-evidence.js';

export const CODE_COLUMNS = [
  'batch_id',
  'chart_id',
  'system',
  'code',
  'description',
  'confidence',
  'status',
  'flag_reasons',
  'evidence',
  'section',
  'page',
  'start',
  'end',
  'assertion',
  'more_evidence',
  'alternatives',
  'sequence',
  'dx_pointers',
  'hcc',
  'second_opinion',
  'second_opinion_code',
  'second_opinion_reason',
] as const;

export const CHART_COLUMNS = [
  'batch_id',
  'chart_id',
  'path',
  'kind',
  'sha256',
  'bytes',
  'encounter_type',
  'date_of_service',
  'code_sets',
  'status',
  'issue_codes',
  'issue_details',
  'pages',
  'sections',
  'mentions',
  'codes',
  'codes_auto',
  'codes_review',
  'priority',
  // OCR columns after priority: the columns main already wrote keep their places.
  'ocr_pages',
  'ocr_confidence',
  // Last: the columns before it keep their places.
  'document_type',
] as const;

/**
 * In a batch with encounters (a manifest `encounter_id`), both files end with the encounter's id; a batch without
 * keeps today's columns exactly.
 */
export const codeColumns = (encounters: boolean): readonly string[] =>
  encounters ? [...CODE_COLUMNS, 'encounter_id'] : CODE_COLUMNS;
export const chartColumns = (encounters: boolean): readonly string[] =>
  encounters ? [...CHART_COLUMNS, 'encounter_id'] : CHART_COLUMNS;

type Row<C extends readonly string[]> = Record<C[number], string | number>;
type EncounterRow<C extends readonly string[]> = Row<C> & { encounter_id?: string };

/**
 * A chart's codes in the order every output lists them: the `review` ones first (a coder works the flagged
 * ones before glancing at the auto ones), each group by evidence offset so it reads in the order of the note.
 */
export function reviewOrder(codes: readonly CodeSuggestion[], documents?: ChartRecord['documents']): CodeSuggestion[] {
  const reviewFirst = (s: string) => (s === 'review' ? 0 : 1);
  // An encounter's rows go document by document (by its first evidence): offsets are each document's own, and a
  // chart's rows stay contiguous in codes.csv, as the review page's index needs.
  const rank = new Map((documents ?? []).map((d, i) => [d.id, i]));
  const docOf = (c: CodeSuggestion) => rank.get(c.evidence[0]!.chartId ?? '') ?? 0;
  return [...codes].sort(
    (a, b) =>
      docOf(a) - docOf(b) ||
      reviewFirst(a.status) - reviewFirst(b.status) ||
      a.evidence[0]!.range.start - b.evidence[0]!.range.start ||
      (a.code < b.code ? -1 : 1),
  );
}

/** Rows of one chart, in `reviewOrder`. */
export function codeRows(batchId: string, r: ChartRecord): EncounterRow<typeof CODE_COLUMNS>[] {
  return reviewOrder(r.codes, r.documents).map((c) => {
    const [ev, ...more] = c.evidence;
    return {
      batch_id: batchId,
      // In an encounter: the document the first evidence is in (start, end and page are that document's).
      chart_id: ev!.chartId ?? r.id,
      system: c.system,
      code: c.code,
      description: c.title,
      confidence: c.confidence.toFixed(3),
      status: c.status,
      flag_reasons: c.flags.join('; '),
      evidence: ev!.text,
      section: ev!.section,
      page: ev!.page,
      start: ev!.range.start,
      end: ev!.range.end,
      assertion: ev!.assertion,
      more_evidence: more.map((e) => formatSpan(e, ev!.chartId)).join('; '),
      alternatives: c.alternatives.map((a) => `${a.code} (${a.score.toFixed(2)})`).join('; '),
      sequence: c.sequence ?? '',
      dx_pointers: (c.diagnosisPointers ?? []).join('; '),
      hcc: c.hcc ?? '',
      // Empty unless the optional second-opinion stage ran on this row.
      second_opinion: c.secondOpinion?.verdict ?? '',
      second_opinion_code: c.secondOpinion?.code ?? '',
      second_opinion_reason: c.secondOpinion?.reason ?? '',
      ...(r.documents ? { encounter_id: r.id } : {}),
    };
  });
}

/** What a charts.csv row says of one chart, or of one document of an encounter. */
interface ChartView {
  id: string;
  source: ChartRecord['source'];
  encounter: ChartRecord['encounter'];
  codeSets?: ChartRecord['codeSets'];
  issues: ChartRecord['issues'];
  pages: number;
  sections: number;
  mentions: number;
  codes: CodeSuggestion[];
  ocr?: { pages: number[]; meanConfidence: number } | undefined;
  encounterId?: string;
}

/** The charts.csv rows of a record: one, or one per document of an encounter (in chart-id order). */
export function chartRows(batchId: string, r: ChartRecord): EncounterRow<typeof CHART_COLUMNS>[] {
  if (!r.documents) return [chartRow(batchId, r)];
  return r.documents.map((d) =>
    viewRow(batchId, {
      id: d.id,
      source: d.source,
      encounter: d.encounter,
      codeSets: r.codeSets,
      // A document that was read shares the encounter's issues (a failed sibling, a stage that failed on the whole).
      issues: hasFatal(d) ? d.issues : [...d.issues, ...r.issues],
      pages: d.pages,
      sections: d.sections,
      mentions: r.mentions.filter((m) => m.chartId === d.id).length,
      // The codes whose first evidence is in this document: its rows in codes.csv.
      codes: r.codes.filter((c) => c.evidence[0]!.chartId === d.id),
      ocr: d.ocr,
      encounterId: r.id,
    }),
  );
}

export function chartRow(batchId: string, r: ChartRecord): Row<typeof CHART_COLUMNS> {
  return viewRow(batchId, { ...r, pages: r.pages.length, sections: r.sections.length, mentions: r.mentions.length });
}

function viewRow(batchId: string, r: ChartView): EncounterRow<typeof CHART_COLUMNS> {
  const failed = hasFatal(r);
  return {
    batch_id: batchId,
    chart_id: r.id,
    path: r.source.path,
    kind: r.source.kind,
    sha256: r.source.sha256,
    bytes: r.source.bytes,
    encounter_type: r.encounter.type,
    date_of_service: r.encounter.dateOfService ?? '',
    code_sets: Object.entries(r.codeSets ?? {})
      .map(([system, version]) => `${system} ${version}`)
      .join('; '),
    status: failed ? 'failed' : 'ok',
    issue_codes: r.issues.map((i) => i.code).join('; '),
    issue_details: r.issues.map((i) => `${i.code}: ${i.message}`).join(' | '),
    pages: r.pages,
    sections: r.sections,
    mentions: r.mentions,
    codes: r.codes.length,
    codes_auto: r.codes.filter((c) => c.status === 'auto').length,
    codes_review: r.codes.filter((c) => c.status === 'review').length,
    priority: chartPriority(r),
    // Pages read by OCR ("1; 3") and their mean word confidence (0-100); empty when no page was scanned.
    ocr_pages: (r.ocr?.pages ?? []).join('; '),
    ocr_confidence: r.ocr ? r.ocr.meanConfidence.toFixed(1) : '',
    // The manifest's, else named by sectionize from the chart's heading or sections; empty when it never ran.
    document_type: r.encounter.documentType ?? '',
    ...(r.encounterId !== undefined ? { encounter_id: r.encounterId } : {}),
  };
}
