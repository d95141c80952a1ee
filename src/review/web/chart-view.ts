/**
 * The chart view: the text with evidence marked on the left, the chart's rows on the right (review rows
 * first, as codes.csv has them, then codes coders added). Clicking a row scrolls to its evidence; clicking
 * marked text selects its row; `b` scrolls back to where the text was.
 */
import { el, type ChartView } from './api.js';
import { spansOf, TextView, uncodedKey } from './highlight.js';

export interface ChartState {
  view: ChartView;
  cursor: number;
  /** Which evidence place of the current row Enter goes to next. */
  place: number;
  /** Scroll positions to go back to. */
  back: number[];
  /** The drawn text, kept while the chart stays open (a decision redraws only the marks). */
  textView?: TextView;
}

/** Suggested rows, then added codes, as one list the cursor moves through. */
export function rowsOf(view: ChartView) {
  return [
    ...view.rows.map((r) => ({ key: r.key, system: r.system, code: r.code, added: false, row: r })),
    ...view.added.map((a) => ({ key: a.key, system: a.system, code: a.code, added: true, row: undefined })),
  ];
}

export function renderChart(root: HTMLElement, state: ChartState, onRow: (i: number) => void): void {
  const { view } = state;
  const currentKey = () => rowsOf(state.view)[state.cursor]?.key;
  // the text element outlives redraws, so its listener reads the state, not this call's view
  const onText = (e: Event) => {
    const keys = (e.target as HTMLElement).closest('mark')?.dataset.keys?.split(' ');
    const i = keys ? rowsOf(state.view).findIndex((r) => keys.includes(r.key)) : -1;
    if (i >= 0 && window.getSelection()?.isCollapsed !== false) onRow(i);
  };
  let text: HTMLElement;
  if (state.textView) {
    text = state.textView.host;
    state.textView.update(spansOf(view));
  } else {
    text = el('div', { class: 'text', data: { role: 'chart-text' } });
    if (view.text) state.textView = new TextView(text, view.text.text, view.text.pages, spansOf(view), currentKey);
    else text.append(el('p', { class: 'error', text: view.textError ?? 'no text' }));
    text.addEventListener('click', (e) => onText(e));
  }
  const c = view.chart;
  const panel = el(
    'div',
    { class: 'rows' },
    el('h2', {
      text: `${c.id} · ${[c.documentType.replaceAll('_', ' '), c.encounterType, c.kind].filter(Boolean).join(' ')}${c.dateOfService ? ` · ${c.dateOfService}` : ''} · priority ${c.priority}`,
    }),
    ...(view.text?.warning
      ? [el('p', { class: 'warning', text: view.text.warning, data: { role: 'text-warning' } })]
      : []),
    el(
      'div',
      { class: 'keys legend' },
      ...['review', 'auto', 'accept', 'reject', 'change', 'add'].map((k) =>
        el('span', {}, el('mark', { class: k, text: k })),
      ),
      el('span', {}, el('mark', { class: 'historical', text: 'history' })),
      el('span', {}, el('mark', { class: 'family', text: 'family' })),
      el('span', {}, el('mark', { class: 'uncoded negated', text: 'not coded' })),
    ),
  );
  rowsOf(view).forEach((r, i) => panel.append(rowElement(view, r.key, i === state.cursor, () => onRow(i))));
  if (view.rows.length === 0 && view.added.length === 0)
    panel.append(
      el('p', {
        class: 'keys',
        text:
          c.status === 'failed'
            ? `failed: ${c.issueCodes.join(', ')}. Add the codes by hand (s).`
            : 'no codes suggested',
      }),
    );
  panel.append(uncodedList(state), el('div', { class: 'keys' }, ...keyHints()));
  root.replaceChildren(el('div', { class: 'chart' }, text, panel));
  markCurrent(root, state);
}

function rowElement(view: ChartView, key: string, current: boolean, onClick: () => void): HTMLElement {
  const r = view.rows.find((x) => x.key === key);
  const a = view.added.find((x) => x.key === key);
  const d = (r ?? a)!.decision;
  const decision = d.action
    ? `${d.action}${d.newCode ? ` → ${d.newCode}` : ''}${d.reason && d.reason !== 'auto_row_kept' ? ` (${d.reason.replaceAll('_', ' ')})` : ''} · ${d.coder}`
    : 'undecided';
  const e = el(
    'div',
    { class: `row${current ? ' current' : ''}`, data: { key } },
    el('span', { class: 'code', text: (r ?? a)!.code }),
    ' ',
    el('span', { text: r ? r.description : a!.title }),
    r
      ? el('span', { class: `badge ${r.status}`, text: `${r.status} ${r.confidence.toFixed(2)}` })
      : el('span', { class: 'badge', text: 'added' }),
    el('div', {
      class: 'meta',
      text: r
        ? [r.system, r.section, `p.${r.page}`, r.assertion !== 'present' ? r.assertion : '', r.hcc]
            .filter(Boolean)
            .join(' · ')
        : a!.system,
    }),
    ...(r && r.flags.length
      ? [el('div', { class: 'meta' }, ...r.flags.map((f) => el('span', { class: 'chip', text: f })))]
      : []),
    ...(r?.elsewhere?.length
      ? [
          el(
            'div',
            { class: 'meta', data: { role: 'elsewhere' } },
            'also in ',
            // each other document of the encounter once, as a link to it (the ids are shown as text)
            ...[...new Set(r.elsewhere.map((x) => x.chart))].map(documentLink),
          ),
        ]
      : []),
    el('div', { class: `decision ${d.action ?? ''}`, text: decision }),
    ...d.queries.map((q) => el('div', { class: 'meta', text: `CDI query (${q.coder}): ${q.note}` })),
  );
  e.addEventListener('click', onClick);
  return e;
}

/** A link to another document of the encounter (its id as text); it opens that chart, not the row. */
function documentLink(id: string): HTMLElement {
  const a = el('a', { text: id });
  a.href = `#chart=${encodeURIComponent(id)}`;
  a.addEventListener('click', (ev) => ev.stopPropagation());
  return a;
}

/** The mentions the pipeline did not code, with why (their assertion and its rule); a click shows one in the text. */
function uncodedList(state: ChartState): HTMLElement {
  const { uncoded, text } = state.view;
  const box = el('div', { class: 'uncoded-list', data: { role: 'uncoded' } });
  if (!uncoded) {
    box.append(
      el('p', {
        text: 'Mentions not coded: none to show (the batch has no codes.jsonl; run it with --format csv,jsonl to see them).',
      }),
    );
    return box;
  }
  box.append(el('h3', { text: `Not coded (${uncoded.length})` }));
  uncoded.forEach((m, i) => {
    const why = [m.assertion === 'present' ? 'present, not coded' : m.assertion, m.rule ?? '']
      .filter(Boolean)
      .join(' · ');
    const item = el(
      'div',
      { class: 'mention', data: { key: uncodedKey(i) } },
      el('span', { class: `chip ${m.assertion}`, text: why }),
      ' ',
      el('span', { text: text ? text.text.slice(m.start, m.end) : `${m.start}–${m.end}` }),
      el('span', {
        class: 'meta',
        text: ` · ${m.section}${m.codes.length ? ` · ${m.codes.slice(0, 3).join(', ')}` : ''}`,
      }),
    );
    item.addEventListener('click', () => {
      const mark = state.textView?.reveal(m.start)?.querySelector(`mark[data-keys~="${uncodedKey(i)}"]`);
      mark?.scrollIntoView({ block: 'center' });
    });
    box.append(item);
  });
  return box;
}

function keyHints(): (Node | string)[] {
  const hints: [string, string][] = [
    ['a', 'accept'],
    ['r', 'reject'],
    ['c', 'change'],
    ['s', 'add'],
    ['q', 'query'],
    ['u', 'undo'],
    ['d', 'done'],
    ['j/k', 'row'],
    ['n/p', 'chart'],
    ['?', 'all keys'],
  ];
  return hints.flatMap(([k, v]) => [el('kbd', { text: k }), ` ${v}  `]);
}

/** Highlight the current row and its marks; keep the row in view. */
export function markCurrent(root: HTMLElement, state: ChartState): void {
  const key = rowsOf(state.view)[state.cursor]?.key;
  root.querySelectorAll('.row.current, mark.current').forEach((e) => e.classList.remove('current'));
  if (!key) return;
  root.querySelector(`.row[data-key="${CSS.escape(key)}"]`)?.classList.add('current');
  root.querySelector(`.row[data-key="${CSS.escape(key)}"]`)?.scrollIntoView({ block: 'nearest' });
  root.querySelectorAll('mark').forEach((m) => m.dataset.keys?.split(' ').includes(key) && m.classList.add('current'));
}

/** Scroll the text to the current row's evidence (the next place on each call). */
export function scrollToEvidence(root: HTMLElement, state: ChartState): void {
  const row = rowsOf(state.view)[state.cursor];
  const text = root.querySelector('.text') as HTMLElement | null;
  if (!row || !text) return;
  const places = row.row?.evidence ?? [];
  const added = state.view.added.find((a) => a.key === row.key)?.decision;
  const starts = places.length ? places.map((p) => p.start) : added?.start !== undefined ? [added.start] : [];
  if (starts.length === 0) return;
  const at = starts[state.place % starts.length]!;
  state.place++;
  const block = state.textView?.reveal(at);
  const target = [...(block?.querySelectorAll('mark') ?? [])].find(
    (m) => Number(m.dataset.s) + (m.textContent?.length ?? 0) > at && m.dataset.keys?.split(' ').includes(row.key),
  );
  if (!target) return;
  state.back.push(text.scrollTop);
  target.scrollIntoView({ block: 'center' });
}

export function scrollBack(root: HTMLElement, state: ChartState): void {
  const text = root.querySelector('.text') as HTMLElement | null;
  const top = state.back.pop();
  if (text && top !== undefined) text.scrollTop = top;
}
