/**
 * The chart text with every suggestion's evidence marked. The text is cut at page starts and at every
 * evidence boundary; each piece is a text node inside a span (plain) or a mark (evidence) carrying its
 * start offset, so a selection maps back to offsets into the normalized text. Marks are classed by the
 * row's status or decision and by assertion (historical, family, uncertain are drawn differently).
 * Built with text nodes only: chart text is never parsed as HTML.
 */
import { el, type ChartView } from './api.js';

export interface Span {
  key: string;
  start: number;
  end: number;
  classes: string[];
}

/** The evidence ranges of a chart's rows (suggested and added) with the classes their marks get. */
export function spansOf(view: ChartView): Span[] {
  const spans: Span[] = [];
  for (const r of view.rows) {
    const state = r.decision.action ?? r.status;
    const assertion = r.assertion === 'present' ? [] : [r.assertion];
    for (const e of r.evidence) spans.push({ key: r.key, start: e.start, end: e.end, classes: [state, ...assertion] });
  }
  for (const a of view.added) {
    const { start, end } = a.decision;
    if (start !== undefined && end !== undefined && end > start) spans.push({ key: a.key, start, end, classes: ['add'] });
  }
  return spans;
}

/** Render `text` into `into` as pages of spans and marks. */
export function renderText(into: HTMLElement, text: string, pages: { start: number; end: number }[], spans: Span[]): void {
  const cuts = new Set<number>([0, text.length]);
  for (const p of pages) cuts.add(p.start).add(p.end);
  for (const s of spans) cuts.add(Math.max(0, Math.min(text.length, s.start))).add(Math.max(0, Math.min(text.length, s.end)));
  const points = [...cuts].sort((a, b) => a - b);
  const starting = new Map<number, Span[]>();
  for (const s of spans) (starting.get(s.start) ?? starting.set(s.start, []).get(s.start)!).push(s);
  const active: Span[] = [];
  const frag = document.createDocumentFragment();
  let page = -1;
  let pageEl: HTMLElement | undefined;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    for (const s of starting.get(a) ?? []) active.push(s);
    for (let j = active.length - 1; j >= 0; j--) if (active[j]!.end <= a) active.splice(j, 1);
    const p = pageOf(pages, a, page);
    if (p !== page || !pageEl) {
      page = p;
      pageEl = el('div', { class: 'page', data: { page: String(p + 1) } });
      frag.append(el('div', { class: 'page-no', text: `page ${p + 1}` }), pageEl);
    }
    const piece = text.slice(a, b);
    if (piece === '') continue;
    pageEl.append(active.length === 0 ? el('span', { text: piece, data: { s: String(a) } }) : mark(piece, a, active));
  }
  into.replaceChildren(frag);
}

function mark(piece: string, start: number, active: Span[]): HTMLElement {
  const m = el('mark', { text: piece, data: { s: String(start), keys: [...new Set(active.map((s) => s.key))].join(' ') } });
  // the innermost (last started) range decides the colour; every class of assertion shows
  m.classList.add(...active[active.length - 1]!.classes);
  return m;
}

function pageOf(pages: { start: number; end: number }[], at: number, hint: number): number {
  if (hint >= 0 && at >= pages[hint]!.start && at < (pages[hint + 1]?.start ?? Infinity)) return hint;
  let i = 0;
  while (i + 1 < pages.length && at >= pages[i + 1]!.start) i++;
  return i;
}

/** The [start, end) offsets of the current selection inside `root`, or undefined. */
export function selectedRange(root: HTMLElement): { start: number; end: number; text: string } | undefined {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return undefined;
  const r = sel.getRangeAt(0);
  const at = (node: Node, offset: number) => {
    const host = (node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element)) as HTMLElement | null;
    if (!host || !root.contains(host) || host.dataset.s === undefined) return undefined;
    return Number(host.dataset.s) + (node.nodeType === Node.TEXT_NODE ? offset : 0);
  };
  const start = at(r.startContainer, r.startOffset);
  const end = at(r.endContainer, r.endOffset);
  if (start === undefined || end === undefined || end <= start) return undefined;
  return { start, end, text: sel.toString() };
}
