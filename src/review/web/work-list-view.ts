/** The work list: filters, one page of charts by priority, a pager. The server filters and pages. */
import { api, el, type WorkList, type WorkListQuery } from './api.js';

export interface ListState {
  query: WorkListQuery;
  list?: WorkList;
  cursor: number;
}

export async function loadList(state: ListState): Promise<void> {
  state.list = await api.workList(state.query);
  state.cursor = Math.min(state.cursor, Math.max(0, state.list.items.length - 1));
}

export function renderList(
  root: HTMLElement,
  state: ListState,
  onOpen: (id: string) => void,
  onChange: () => void,
): void {
  const list = state.list!;
  const select = (name: keyof ListState['query'], label: string, values: string[]) => {
    const s = el(
      'select',
      { data: { filter: name } },
      el('option', { text: 'all' }),
      ...values.map((v) => el('option', { text: v })),
    );
    s.value = (state.query[name] as string | undefined) ?? 'all';
    s.addEventListener('change', () => {
      (state.query as Record<string, unknown>)[name] = s.value === 'all' ? undefined : s.value;
      state.query.offset = 0;
      state.cursor = 0;
      onChange();
    });
    return el('label', { text: label }, s);
  };
  const idBox = el('input', { data: { filter: 'id' } });
  idBox.placeholder = 'chart id starts with';
  idBox.value = state.query.id ?? '';
  idBox.addEventListener('change', () => {
    state.query.id = idBox.value || undefined;
    state.query.offset = 0;
    onChange();
  });
  const filters = el(
    'div',
    { class: 'filters' },
    select('flag', 'flag', ['failed', ...list.facets.flags]),
    select('review', 'review', ['todo', 'in_progress', 'done']),
    select('status', 'status', ['ok', 'failed']),
    select('document', 'document', list.facets.document),
    select('encounter', 'encounter', list.facets.encounter),
    select('kind', 'file', list.facets.kind),
    idBox,
    ...(list.indexing
      ? [el('span', { class: 'keys', data: { role: 'indexing' }, text: 'indexing the batch: flags and HCC fill in' })]
      : []),
  );
  const head = el(
    'tr',
    {},
    ...[
      'priority',
      'chart',
      'status',
      'review',
      'decided',
      'codes',
      'review rows',
      'HCC',
      'document',
      'encounter',
      'flags',
    ].map((h, i) => el('th', { text: h, class: [0, 4, 5, 6, 7].includes(i) ? 'num' : '' })),
  );
  const body = el('tbody');
  list.items.forEach((c, i) => {
    const tr = el(
      'tr',
      { class: i === state.cursor ? 'current' : '', data: { id: c.id } },
      el('td', { class: 'num', text: c.priority.toFixed(1) }),
      el('td', { text: c.id }),
      el('td', {
        class: c.status === 'failed' ? 'failed' : '',
        text: c.status === 'failed' ? `failed ${c.issueCodes.join(' ')}` : 'ok',
      }),
      el('td', { class: `state-${c.state}`, text: c.state.replace('_', ' ') }),
      el('td', { class: 'num', text: `${c.decided}/${c.codes}` }),
      el('td', { class: 'num', text: String(c.codes) }),
      el('td', { class: 'num', text: String(c.review) }),
      el('td', { class: 'num', text: String(c.hcc) }),
      el('td', { text: c.documentType.replaceAll('_', ' ') }),
      el('td', { text: `${c.encounterType} ${c.kind}` }),
      el('td', {}, ...c.flags.map((f) => el('span', { class: 'chip', text: f }))),
    );
    tr.addEventListener('click', () => onOpen(c.id));
    body.append(tr);
  });
  const from = list.total === 0 ? 0 : list.offset + 1;
  const to = list.offset + list.items.length;
  const prev = el('button', { text: '‹ previous' });
  const next = el('button', { text: 'next ›' });
  prev.disabled = list.offset === 0;
  next.disabled = to >= list.total;
  prev.addEventListener('click', () => page(state, -1) && onChange());
  next.addEventListener('click', () => page(state, 1) && onChange());
  const pager = el(
    'div',
    { class: 'pager' },
    prev,
    next,
    el('span', {
      data: { role: 'range' },
      text: `${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')} of ${list.total.toLocaleString('en-US')} charts`,
    }),
  );
  root.replaceChildren(
    filters,
    el('div', { class: 'list' }, el('table', { class: 'work' }, el('thead', {}, head), body)),
    pager,
  );
  root.querySelector('tr.current')?.scrollIntoView({ block: 'nearest' });
}

/** Move a page forward or back; false when there is none. */
export function page(state: ListState, dir: 1 | -1): boolean {
  const list = state.list!;
  const offset = state.query.offset + dir * state.query.limit;
  if (offset < 0 || offset >= list.total) return false;
  state.query.offset = offset;
  state.cursor = dir === 1 ? 0 : state.query.limit - 1;
  return true;
}
