/**
 * The one record that flows through every stage. Each stage adds only its own fields;
 * all offsets are [start, end) UTF-16 indexes into `text`.
 */
import type { IssueCode } from './issue-codes.js';

export type EncounterType = 'outpatient' | 'inpatient';
export type CodeSystemId = 'icd10cm' | 'icd10pcs' | 'cpt' | 'hcpcs';
export type Severity = 'fatal' | 'warning' | 'info';

export interface TextRange {
  start: number;
  end: number;
}

/** A word of the chart with its offsets (made by text/tokenize.ts). */
export interface Token {
  /** The token as written. */
  raw: string;
  /** Lower case, plural and variant normalized: what lexicon terms are matched on. */
  norm: string;
  start: number;
  end: number;
}

/** Unit start → the unit's end and its tokens. */
export type UnitTokens = Map<number, { end: number; tokens: Token[] }>;

export interface ChartSource {
  path: string;
  kind: 'pdf' | 'text' | 'image';
  sha256: string;
  bytes: number;
}

export interface Encounter {
  type: EncounterType;
  /** ISO date (YYYY-MM-DD) when known, from the manifest. */
  dateOfService?: string;
  /** discharge_summary, operative_report, …: the manifest's `document_type`, else named by sectionize. */
  documentType?: string;
  /** The manifest's `patient_id`, when given: the FHIR resources name the patient by it. */
  patientId?: string;
}

export interface Section {
  /** Taxonomy category, e.g. `assessment`, `family_history`, `other`. */
  category: string;
  title: string;
  /** The whole section including its header line. */
  range: TextRange;
}

export type Assertion = 'present' | 'negated' | 'uncertain' | 'historical' | 'hypothetical' | 'family';
export type MentionKind = 'diagnosis' | 'symptom' | 'procedure';

export interface MentionAttributes {
  laterality?: 'left' | 'right' | 'bilateral';
  acuity?: 'acute' | 'chronic' | 'acute_on_chronic';
  episode?: 'initial' | 'subsequent' | 'sequela';
}

export interface Mention {
  id: string;
  range: TextRange;
  /** The chart text at `range` (kept for the review batch). */
  text: string;
  kind: MentionKind;
  /** Category of the section the mention is in. */
  section: string;
  assertion: Assertion;
  attributes: MentionAttributes;
  /** Which lexicon term matched, e.g. `icd10cm:E11.9:term`. */
  ruleId: string;
  /** Rule that decided the assertion, when not the default. */
  assertionRule?: string;
  /** Codes the matched term points at (before specificity is applied). */
  termCodes: { system: CodeSystemId; code: string }[];
  /** Range of the sentence or list item holding the mention. */
  unit: TextRange;
  /** In an encounter of several documents: the chart (document) the mention is in; its offsets are that document's. */
  chartId?: string;
}

export interface Evidence {
  range: TextRange;
  text: string;
  section: string;
  page: number;
  mentionId: string;
  assertion: Assertion;
  /** In an encounter of several documents: the chart (document) the span is in; its offsets and page are that document's. */
  chartId?: string;
}

export type CodeStatus = 'auto' | 'review';

export interface CodeSuggestion {
  system: CodeSystemId;
  code: string;
  title: string;
  confidence: number;
  status: CodeStatus;
  evidence: Evidence[];
  flags: string[];
  alternatives: { code: string; score: number }[];
  /** Features the confidence scorer reads; set by map-codes and apply-guidelines. */
  features: {
    matchType: 'exact' | 'abbreviation' | 'variant';
    derived?: 'history' | 'family';
    /** The learned re-ranker's probability that a coder assigns the code; set by rank-codes when a pipeline has a model. */
    rankScore?: number;
    /** Proposed only by the learned models (no rule found it); set by rank-codes. */
    modelOnly?: boolean;
  };
  /** Diagnoses: reporting order, 1 = first-listed (principal inpatient); set by apply-guidelines. */
  sequence?: number;
  /** Diagnoses: the CMS-HCC V28 categories the code maps to, with labels; set by apply-guidelines when an HCC map is in use. */
  hcc?: string;
  /** Procedures: the chart's diagnosis codes that support it (at most four); set by apply-guidelines. */
  diagnosisPointers?: string[];
  /** A language model's validated opinion of a review row; set only by the optional second-opinion stage. */
  secondOpinion?: SecondOpinion;
}

/**
 * `agrees` / `prefers_candidate` / `proposes_other` / `no_code`: an answer that passed validation;
 * `discarded`: one that did not (`reason` says why); `not_asked`: no answer was had (budget, failure, time).
 */
export type SecondOpinionVerdict =
  'agrees' | 'prefers_candidate' | 'proposes_other' | 'no_code' | 'discarded' | 'not_asked';

export interface SecondOpinion {
  verdict: SecondOpinionVerdict;
  /** The code the model chose, validated against the code set in force. */
  code?: string;
  /** The model's rationale for a validated answer; a reason code (`code_not_billable`, …) otherwise. */
  reason: string;
  /** Where the model's evidence was found in the chart. */
  evidence?: TextRange;
}

/** What OCR read, when some pages of the chart were scanned (set by ingest). */
export interface OcrInfo {
  /** 1-based numbers of the pages whose text came from OCR. */
  pages: number[];
  /** Mean word confidence (0-100) over those pages. */
  meanConfidence: number;
  /** Every OCR word: its range in `text` and confidence (0-100), in text order. */
  words: { start: number; end: number; confidence: number }[];
  /** Evidence holding a word below this confidence is flagged `ocr_low_confidence`. */
  lowConfidence: number;
}

export interface Issue {
  stage: string;
  code: IssueCode;
  severity: Severity;
  /** Never contains chart text. */
  message: string;
}

/**
 * One document of an encounter coded as a whole (a manifest `encounter_id`): what charts.csv says of it. The
 * stages see the documents joined into one text; `range` and `firstPage` say where this one lies in it.
 */
export interface EncounterDocument {
  id: string;
  source: ChartSource;
  encounter: Encounter;
  /** The document's own issues (a fatal one: it failed alone, the encounter was coded from the others). */
  issues: Issue[];
  /** Where the document's text lies in the joined text (empty for a failed document). */
  range: TextRange;
  /** Index of its first page among the joined pages. */
  firstPage: number;
  pages: number;
  sections: number;
  ocr?: Pick<OcrInfo, 'pages' | 'meanConfidence'>;
  trace: { stage: string; ms: number }[];
}

export interface ChartRecord {
  id: string;
  source: ChartSource;
  encounter: Encounter;
  text: string;
  pages: TextRange[];
  sections: Section[];
  mentions: Mention[];
  codes: CodeSuggestion[];
  issues: Issue[];
  trace: { stage: string; ms: number }[];
  /** Present when OCR read some of the chart's pages. */
  ocr?: OcrInfo;
  /** The code-set release of each system that coded this chart (`{icd10cm: 'fy2026+starter-fy2026'}`). */
  codeSets?: Record<string, string>;
  /**
   * The tokens of every unit that holds a mention, left by extract-mentions for classify-assertion, which
   * reads the same units (tokenizing them twice was a tenth of the chart stages' time) and then removes the
   * field: nothing after it needs the tokens. A reader uses them only for exactly the same unit range, else it
   * tokenizes itself, so a record built by hand (tests, `explain`) is read as before.
   */
  unitTokens?: UnitTokens;
  /**
   * Present when the record is an encounter (manifest `encounter_id`): `id` is the encounter id and these are its
   * documents, in chart-id order. Once coded, evidence and mention offsets are each document's own (`chartId`).
   */
  documents?: EncounterDocument[];
}

export function hasFatal(record: Pick<ChartRecord, 'issues'>): boolean {
  return record.issues.some((i) => i.severity === 'fatal');
}

/**
 * Whether a document of an encounter failed: by its own fatal issue, or with the whole encounter (a later stage
 * failed, the time ran out) when it had been read.
 */
export function documentFailed(encounter: ChartRecord, doc: EncounterDocument): boolean {
  return hasFatal(doc) || hasFatal(encounter);
}

/** Whether nothing of the record could be coded: the chart failed, or every document of the encounter did. */
export function recordFailed(record: ChartRecord): boolean {
  return record.documents ? record.documents.every((d) => documentFailed(record, d)) : hasFatal(record);
}

/** 1-based page number holding offset `at`; 1 for text files. */
export function pageAt(record: Pick<ChartRecord, 'pages'>, at: number): number {
  const i = record.pages.findIndex((p) => at >= p.start && at < p.end);
  return i < 0 ? Math.max(1, record.pages.length) : i + 1;
}
