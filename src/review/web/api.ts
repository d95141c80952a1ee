/** The review page's calls to its server: relative URLs (the access token is the path's first part). */
import type { AddedRow, ReviewRow, UncodedMention, WorkList, WorkListQuery } from '../wire.js';

export type { WorkList, WorkListQuery };

export interface Session {
  batchId: string;
  coder: string;
  charts: number;
  reasons: string[];
  damagedLines: number;
}

export interface ChartView {
  chart: {
    id: string;
    status: string;
    encounterType: string;
    kind: string;
    priority: number;
    issueCodes: string[];
    dateOfService: string;
    documentType: string;
  };
  /** `warning`: why the highlights may not sit on the words the batch coded (a scanned chart OCR read otherwise). */
  text?: { text: string; pages: { start: number; end: number }[]; warning?: string };
  textError?: string;
  rows: ReviewRow[];
  added: AddedRow[];
  /** Mentions the pipeline did not code; absent when the batch has no codes.jsonl. */
  uncoded?: UncodedMention[];
}

export interface SearchHit {
  code: string;
  title: string;
  billable: boolean;
}

export interface DecisionRequest {
  chart: string;
  system: string;
  code: string;
  action: 'accept' | 'reject' | 'change' | 'add' | 'clear' | 'query';
  newCode?: string;
  reason?: string;
  note?: string;
  start?: number;
  end?: number;
}

export class ApiError extends Error {}

async function call<T>(route: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`api/${route}`, {
    ...init,
    credentials: 'same-origin',
    headers: init?.body ? { 'Content-Type': 'application/json' } : {},
  });
  const body = (await res.json().catch(() => ({ error: `HTTP ${res.status}` }))) as T & { error?: string };
  if (!res.ok) throw new ApiError(body.error ?? `HTTP ${res.status}`);
  return body;
}

const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params)
      .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '')
      .map(([k, v]) => [k, String(v)]),
  ).toString();

export const api = {
  session: () => call<Session>('session'),
  workList: (q: WorkListQuery) => call<WorkList>(`worklist?${qs(q)}`),
  chart: (id: string, next?: string, withText = true) =>
    call<ChartView>(`chart?${qs({ id, next, text: withText ? undefined : 0 })}`),
  search: (id: string, system: string, q: string) => call<{ hits: SearchHit[] }>(`search?${qs({ id, system, q })}`),
  decide: (d: DecisionRequest) => call<{ decision: unknown }>('decisions', { method: 'POST', body: JSON.stringify(d) }),
  complete: (id: string) =>
    call<{ decisions: unknown[] }>('complete', { method: 'POST', body: JSON.stringify({ id }) }),
};

/** Build an element; text is always set as text (chart words are never parsed as HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { class?: string; text?: string; title?: string; data?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.class) e.className = props.class;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.title) e.title = props.title;
  for (const [k, v] of Object.entries(props.data ?? {})) e.dataset[k] = v;
  for (const c of children) e.append(c);
  return e;
}

export function setStatus(message: string, error = false): void {
  const s = document.getElementById('status')!;
  s.textContent = message;
  s.className = error ? 'error' : '';
}
