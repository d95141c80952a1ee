/**
 * The three small dialogs of a decision, each answered from the keyboard: a reject reason (1–6), a code
 * search (type, ↑/↓, Enter), a CDI query note (Ctrl+Enter). Each resolves to the answer or undefined (Esc).
 */
import { api, el, type SearchHit } from './api.js';

const dialog = () => document.getElementById('dialog') as HTMLDialogElement;

function open<T>(title: string, build: (finish: (v: T | undefined) => void) => Node[]): Promise<T | undefined> {
  const d = dialog();
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: T | undefined) => {
      if (done) return;
      done = true;
      d.close();
      resolve(v);
    };
    d.replaceChildren(el('h3', { text: title }), ...build(finish));
    d.onclose = () => finish(undefined);
    d.showModal();
    (d.querySelector('input,textarea,button') as HTMLElement | null)?.focus();
  });
}

export function pickReason(reasons: string[]): Promise<string | undefined> {
  return open<string>('Reject: why? (1–6, Esc to cancel)', (finish) => {
    const list = el(
      'ol',
      {},
      ...reasons.map((r) => el('li', {}, el('button', { text: r.replaceAll('_', ' '), data: { reason: r } }))),
    );
    list.addEventListener('click', (e) => {
      const r = (e.target as HTMLElement).dataset.reason;
      if (r) finish(r);
    });
    list.addEventListener('keydown', (e) => {
      const n = Number(e.key);
      if (n >= 1 && n <= reasons.length) {
        e.preventDefault();
        finish(reasons[n - 1]);
      }
    });
    return [list];
  });
}

export interface CodeChoice {
  system: string;
  code: string;
}

/** Search the chart's code set; `system` fixed for a change, choosable for an add. */
export function searchCode(
  chartId: string,
  title: string,
  initial: string,
  system: string,
  systemFixed: boolean,
): Promise<CodeChoice | undefined> {
  return open<CodeChoice>(title, (finish) => {
    const input = el('input', { data: { role: 'code-query' } });
    input.type = 'text';
    input.value = initial;
    input.placeholder = 'words or a code';
    const systems = el(
      'select',
      { title: 'code system' },
      ...['icd10cm', 'icd10pcs', 'cpt', 'hcpcs'].map((s) => el('option', { text: s })),
    );
    systems.value = system;
    systems.disabled = systemFixed;
    const results = el('ul', { class: 'hits' });
    let hits: SearchHit[] = [];
    let current = 0;
    let seq = 0;
    // The latest search, so Enter pressed while one is on its way picks from its hits, not the previous ones.
    let latest: Promise<void> = Promise.resolve();
    const draw = () =>
      results.replaceChildren(
        ...hits.map((h, i) =>
          el(
            'li',
            { class: i === current ? 'current' : '', data: { i: String(i) } },
            el('strong', { text: h.code }),
            ` ${h.title}${h.billable ? '' : ' (not billable)'}`,
          ),
        ),
      );
    const run = async () => {
      const mine = ++seq;
      const q = input.value.trim();
      const found = q ? (await api.search(chartId, systems.value, q).catch(() => ({ hits: [] }))).hits : [];
      if (mine !== seq) return;
      hits = found;
      current = 0;
      draw();
    };
    const search = () => {
      latest = run();
    };
    input.addEventListener('input', search);
    systems.addEventListener('change', search);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        current = Math.max(0, Math.min(hits.length - 1, current + (e.key === 'ArrowDown' ? 1 : -1)));
        draw();
      } else if (e.key === 'Enter') {
        e.preventDefault();
        void latest.then(() => {
          const hit = hits[current];
          if (hit) finish({ system: systems.value, code: hit.code });
        });
      }
    });
    results.addEventListener('click', (e) => {
      const i = (e.target as HTMLElement).closest('li')?.dataset.i;
      if (i !== undefined) finish({ system: systems.value, code: hits[Number(i)]!.code });
    });
    if (initial) search();
    return [el('div', { class: 'filters' }, systems, input), results];
  });
}

export function writeQuery(code: string): Promise<string | undefined> {
  return open<string>(`CDI query for ${code} (Ctrl+Enter to save)`, (finish) => {
    const note = el('textarea', { data: { role: 'query-note' } });
    note.rows = 5;
    note.placeholder = 'What should the physician clarify?';
    note.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && note.value.trim()) {
        e.preventDefault();
        finish(note.value.trim());
      }
    });
    const save = el('button', { text: 'Save query' });
    save.addEventListener('click', () => note.value.trim() && finish(note.value.trim()));
    return [note, save];
  });
}

export function showHelp(): Promise<undefined> {
  const keys: [string, string][] = [
    ['j / ↓, k / ↑', 'next / previous row (work list: chart)'],
    ['n, p', 'next / previous chart'],
    ['Enter', "work list: open the chart; chart: scroll to the row's evidence (again: its next place)"],
    ['b', 'back to where the text was before'],
    ['a', 'accept the row'],
    ['r then 1–6', 'reject with a reason'],
    ['c', 'change the code (search the code set)'],
    ['s or /', 'search the code set to add a code (select chart text first: it becomes the evidence)'],
    ['q', 'CDI query note on the row'],
    ['u', "undo: clear the row's decision (an added code is removed)"],
    ['d', 'done: keep the undecided auto rows, go to the next chart'],
    ['Esc or l', 'back to the work list'],
    [']  [', 'work list: next / previous page'],
  ];
  return open<undefined>('Keys', () => [
    el('table', {}, ...keys.map(([k, v]) => el('tr', {}, el('td', {}, el('kbd', { text: k })), el('td', { text: v })))),
  ]);
}
