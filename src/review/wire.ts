/**
 * What the review server and its page say to each other: the work-list query and answer, a chart's rows with
 * their decisions, the mentions left uncoded. Both programs compile this one file (the page's tsconfig takes
 * its rootDir one folder up for it), so a field renamed on one side fails the other's build. Types only: the
 * page imports it with `import type`, and nothing of it reaches the browser.
 */

export type ReviewState = 'todo' | 'in_progress' | 'done';

/** `GET worklist`: one page of charts by priority, filtered (a type literal: the page sets its filters by name). */
export type WorkListQuery = {
  offset: number;
  limit: number;
  flag?: string;
  status?: string;
  review?: string;
  encounter?: string;
  kind?: string;
  /** charts.csv document_type (discharge_summary, operative_report, …). */
  document?: string;
  /** Chart id starts with this. */
  id?: string;
};

export interface WorkListItem {
  id: string;
  priority: number;
  status: string;
  encounterType: string;
  kind: string;
  documentType: string;
  codes: number;
  review: number;
  hcc: number;
  decided: number;
  flags: string[];
  issueCodes: string[];
  state: ReviewState;
}

export interface WorkList {
  total: number;
  offset: number;
  items: WorkListItem[];
  facets: { flags: string[]; encounter: string[]; kind: string[]; document: string[] };
  /** The batch's rows are still being indexed: flags and HCC counts fill in as it goes (see batch-index). */
  indexing: boolean;
}

/** A codes.csv row as the page shows it. */
export interface CodeRow {
  system: string;
  code: string;
  description: string;
  confidence: number;
  status: 'auto' | 'review';
  flags: string[];
  section: string;
  page: number;
  assertion: string;
  /** Every evidence range in this chart's text: the first, then more_evidence's. */
  evidence: { start: number; end: number }[];
  /** more_evidence spans in other documents of the encounter (their own offsets): listed, not marked here. */
  elsewhere?: { chart: string; start: number; end: number }[];
  alternatives: string;
  sequence: string;
  hcc: string;
  dxPointers: string;
}

/** Where a row stands after the decisions so far. */
export interface RowState {
  action?: 'accept' | 'reject' | 'change' | 'add';
  newCode?: string;
  newSystem?: string;
  reason?: string;
  coder?: string;
  at?: string;
  start?: number;
  end?: number;
  queries: { note: string; coder: string; at: string }[];
}

/** A suggested code of the chart with its key (`system:code`) and decision. */
export type ReviewRow = CodeRow & { key: string; decision: RowState };

/** A code a coder added (not in codes.csv). */
export interface AddedRow {
  key: string;
  system: string;
  code: string;
  title: string;
  decision: RowState;
}

/** A mention the pipeline found but did not code (from codes.jsonl). */
export interface UncodedMention {
  start: number;
  end: number;
  kind: string;
  section: string;
  assertion: string;
  /** The rule that decided the assertion (absent: the default, `present`). */
  rule?: string;
  /** Codes the matched term points at. */
  codes: string[];
}
