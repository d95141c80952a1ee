/**
 * The chart text with every suggestion's evidence marked. The text is cut at page starts, into blocks, and at
 * every evidence boundary; each piece is a text node inside a span (plain) or a mark (evidence) carrying its
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
    if (start !== undefined && end !== undefined && end > start)
      spans.push({ key: a.key, start, end, classes: ['add'] });
  }
  // mentions left uncoded go first, so where one overlaps evidence the evidence (started later or equal) colours it
  const uncoded = (view.uncoded ?? []).map((m, i) => ({
    key: uncodedKey(i),
    start: m.start,
    end: m.end,
    classes: ['uncoded', m.assertion],
  }));
  return [...uncoded, ...spans];
}

export const uncodedKey = (i: number) => `uncoded:${i}`;

/** Characters per block: a block is drawn whole, when it comes near the view. */
const BLOCK = 4000;
/** Characters drawn at once when a chart opens (a short chart is drawn whole, as before). */
const FIRST = 40_000;

interface Block {
  start: number;
  end: number;
  el: HTMLElement;
  drawn: boolean;
}

/**
 * The chart text, drawn lazily: a 300-page chart is cut into blocks (at page starts, then at line ends about
 * every BLOCK characters); each is an empty box of about its height until it comes within a screen of the
 * view, and only then gets its spans and marks. Opening a chart thus builds a few hundred nodes, not tens of
 * thousands, and jumping to evidence draws the block that holds it first.
 */
export class TextView {
  private readonly blocks: Block[] = [];
  private spans: Span[] = [];
  private readonly observer: IntersectionObserver;

  constructor(
    readonly host: HTMLElement,
    private readonly text: string,
    pages: { start: number; end: number }[],
    spans: Span[],
    private readonly current: () => string | undefined,
  ) {
    this.observer = new IntersectionObserver(
      (seen) =>
        seen.forEach(
          (e) => e.isIntersecting && this.draw(this.blocks[Number((e.target as HTMLElement).dataset.block)]!),
        ),
      { root: host, rootMargin: '1200px 0px' },
    );
    const frag = document.createDocumentFragment();
    const starts = pages.length ? pages.map((p) => p.start) : [0];
    starts.forEach((from, p) => {
      const pageEl = el('div', { class: 'page', data: { page: String(p + 1) } });
      frag.append(el('div', { class: 'page-no', text: `page ${p + 1}` }), pageEl);
      const to = p + 1 < starts.length ? starts[p + 1]! : text.length;
      for (let a = p === 0 ? 0 : from; a < to;) {
        const cut = a + BLOCK >= to ? to : Math.min(to, text.indexOf('\n', a + BLOCK) + 1 || to);
        const box = el('div', { class: 'block', data: { block: String(this.blocks.length) } });
        box.style.minHeight = `${estimatedLines(text, a, cut) * 1.5}em`;
        pageEl.append(box);
        this.blocks.push({ start: a, end: cut, el: box, drawn: false });
        a = cut;
      }
    });
    host.replaceChildren(frag);
    this.update(spans);
  }

  /** New spans (a decision changed a mark's class, a code was added): drawn blocks are drawn again. */
  update(spans: Span[]): void {
    this.spans = [...spans].sort((a, b) => a.start - b.start);
    for (const b of this.blocks) {
      if (b.drawn || b.start < FIRST) this.draw(b, true);
      else this.observer.observe(b.el);
    }
  }

  /** The drawn block holding `offset` (drawn now if it was not). */
  reveal(offset: number): HTMLElement | undefined {
    const b = this.blocks.find((x) => offset >= x.start && offset < x.end) ?? this.blocks.at(-1);
    if (b) this.draw(b);
    return b?.el;
  }

  private draw(b: Block, again = false): void {
    if (b.drawn && !again) return;
    b.drawn = true;
    this.observer.unobserve(b.el);
    b.el.style.minHeight = '';
    b.el.replaceChildren(
      ...pieces(
        this.text,
        b.start,
        b.end,
        this.spans.filter((s) => s.start < b.end && s.end > b.start),
        this.current(),
      ),
    );
  }
}

function estimatedLines(text: string, a: number, b: number): number {
  let lines = 1;
  for (let i = text.indexOf('\n', a); i !== -1 && i < b; i = text.indexOf('\n', i + 1)) lines++;
  return lines + Math.floor((b - a) / 110);
}

/** Spans and marks of [a, b): cut at every evidence boundary inside it. */
function pieces(text: string, a: number, b: number, spans: Span[], current: string | undefined): HTMLElement[] {
  const cuts = new Set<number>([a, b]);
  for (const s of spans) cuts.add(Math.max(a, Math.min(b, s.start))).add(Math.max(a, Math.min(b, s.end)));
  const points = [...cuts].sort((x, y) => x - y);
  const out: HTMLElement[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const x = points[i]!;
    const piece = text.slice(x, points[i + 1]!);
    if (piece === '') continue;
    // spans are in start order: the last one covering x started last (the innermost)
    const active = spans.filter((s) => s.start <= x && s.end > x);
    out.push(
      active.length === 0 ? el('span', { text: piece, data: { s: String(x) } }) : mark(piece, x, active, current),
    );
  }
  return out;
}

function mark(piece: string, start: number, active: Span[], current: string | undefined): HTMLElement {
  const keys = [...new Set(active.map((s) => s.key))];
  const m = el('mark', { text: piece, data: { s: String(start), keys: keys.join(' ') } });
  // the innermost (last started) range decides the colour; every class of assertion shows
  m.classList.add(...active[active.length - 1]!.classes);
  if (current && keys.includes(current)) m.classList.add('current');
  return m;
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
