/**
 * The work list: a batch's charts by priority, filtered and paged on the server, so a 50,000-chart batch
 * sends the page fifty rows at a time. A chart's review state comes from the decisions so far: `todo`
 * (nothing decided), `in_progress`, `done` (every suggestion has a disposition).
 */
import type { BatchIndex, ChartEntry } from './batch-index.js';
import type { RowState } from './decision.js';
import type { ReviewState, WorkList, WorkListItem, WorkListQuery } from './wire.js';

export type { ReviewState, WorkList, WorkListItem, WorkListQuery };

type RowsOf = (chartId: string) => ReadonlyMap<string, RowState>;

/** Suggestions of the chart with a disposition (accept, reject and change apply to suggestions only). */
export function decidedCount(entry: ChartEntry, rows: ReadonlyMap<string, RowState>): number {
  let n = 0;
  for (const r of rows.values()) if (r.action && r.action !== 'add') n++;
  return Math.min(n, entry.codes);
}

export function reviewState(entry: ChartEntry, decided: number, rows: ReadonlyMap<string, RowState>): ReviewState {
  if (entry.codes > 0 && decided >= entry.codes) return 'done';
  if (entry.codes === 0 && [...rows.values()].some((r) => r.action === 'add')) return 'done';
  return rows.size === 0 ? 'todo' : 'in_progress';
}

export function workList(index: BatchIndex, rowsOf: RowsOf, q: WorkListQuery): WorkList {
  const items: WorkListItem[] = [];
  let total = 0;
  const end = q.offset + q.limit;
  for (const c of index.charts) {
    if (q.flag && !c.flags.includes(q.flag) && !(q.flag === 'failed' && c.status === 'failed')) continue;
    if (q.status && c.status !== q.status) continue;
    if (q.encounter && c.encounterType !== q.encounter) continue;
    if (q.kind && c.kind !== q.kind) continue;
    if (q.document && c.documentType !== q.document) continue;
    if (q.id && !c.id.startsWith(q.id)) continue;
    // A chart's review state only when it filters the list or the chart is on the page: a 50,000-chart
    // list is counted without looking at every chart's decisions.
    const onPage = total >= q.offset && total < end;
    if (q.review || onPage) {
      const rows = rowsOf(c.id);
      const decided = decidedCount(c, rows);
      const state = reviewState(c, decided, rows);
      if (q.review && state !== q.review) continue;
      if (onPage) items.push(item(c, decided, state));
    }
    total++;
  }
  return { total, offset: q.offset, items, facets: facets(index), indexing: index.indexing };
}

function item(c: ChartEntry, decided: number, state: ReviewState): WorkListItem {
  const { id, priority, status, encounterType, kind, documentType, codes, review, hcc, flags, issueCodes } = c;
  return {
    id,
    priority,
    status,
    encounterType,
    kind,
    documentType,
    codes,
    review,
    hcc,
    decided,
    flags,
    issueCodes,
    state,
  };
}

/** The values of the filters known from charts.csv (kept), and the flag names once codes.csv is indexed. */
const chartFacets = new WeakMap<BatchIndex, Omit<WorkList['facets'], 'flags'>>();
const flagFacets = new WeakMap<BatchIndex, string[]>();

function facets(index: BatchIndex): WorkList['facets'] {
  let known = chartFacets.get(index);
  if (!known) {
    const values = (k: 'encounterType' | 'kind' | 'documentType') => {
      const seen = new Set<string>();
      for (const c of index.charts) seen.add(c[k]);
      return [...seen].filter(Boolean).sort();
    };
    known = { encounter: values('encounterType'), kind: values('kind'), document: values('documentType') };
    chartFacets.set(index, known);
  }
  let flags = flagFacets.get(index);
  if (!flags) {
    const seen = new Set<string>();
    for (const c of index.charts) for (const x of c.flags) seen.add(x);
    flags = [...seen].sort();
    if (!index.indexing) flagFacets.set(index, flags); // still filling in: counted again next time
  }
  return { flags, ...known };
}
