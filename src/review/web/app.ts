/**
 * The review page: a work list and a chart view, driven from the keyboard (a coder works hundreds of
 * rows an hour). Every decision is sent to the server at once and the view redrawn from what the server
 * then holds (another coder's decisions included).
 */
import { api, ApiError, setStatus, type DecisionRequest, type Session } from './api.js';
import { markCurrent, renderChart, rowsOf, scrollBack, scrollToEvidence, type ChartState } from './chart-view.js';
import { pickReason, searchCode, showHelp, writeQuery } from './dialogs.js';
import { selectedRange } from './highlight.js';
import { loadList, page, renderList, type ListState } from './work-list-view.js';

const root = document.getElementById('view') as HTMLElement;
const list: ListState = { query: { offset: 0, limit: 50 }, cursor: 0 };
let session: Session;
let chart: ChartState | undefined;
let busy = false;

async function showList(): Promise<void> {
  chart = undefined;
  await loadList(list);
  renderList(
    root,
    list,
    (id) => void openChart(id),
    () => void showList(),
  );
  document.title = `chartcoder review · ${session.batchId}`;
  // a new batch's rows are indexed behind the first page: show its flags once they are
  if (list.list?.indexing) setTimeout(() => void (chart ? undefined : showList()), 2000);
}

async function openChart(id: string, cursor = 0): Promise<void> {
  const i = list.list?.items.findIndex((c) => c.id === id) ?? -1;
  if (i >= 0) list.cursor = i;
  // the next two charts of the list are read ahead on the server: coders go in order
  const next = list.list?.items.slice(i + 1, i + 3).map((c) => c.id);
  const view = await api.chart(id, next?.join('\n'));
  chart = { view, cursor: Math.min(cursor, Math.max(0, rowsOf(view).length - 1)), place: 0, back: [] };
  renderChart(root, chart, (r) => selectRow(r));
  history.replaceState(null, '', `#chart=${encodeURIComponent(id)}`);
  document.title = `${id} · chartcoder review`;
}

function selectRow(i: number): void {
  if (!chart) return;
  chart.cursor = i;
  chart.place = 0;
  markCurrent(root, chart);
  scrollToEvidence(root, chart);
}

/** Next or previous chart in the work list, across pages. */
async function stepChart(dir: 1 | -1): Promise<void> {
  const items = list.list?.items ?? [];
  let i = list.cursor + dir;
  if (i < 0 || i >= items.length) {
    if (!page(list, dir)) return setStatus('no more charts in this list');
    await loadList(list);
    i = dir === 1 ? 0 : list.list!.items.length - 1;
  }
  list.cursor = i;
  const id = list.list!.items[i]?.id;
  if (id) await openChart(id);
}

async function decide(d: Omit<DecisionRequest, 'chart'>): Promise<void> {
  if (!chart) return;
  await api.decide({ chart: chart.view.chart.id, ...d });
  setStatus(`saved: ${d.action} ${d.newCode ?? d.code}`);
  const view = await api.chart(chart.view.chart.id, undefined, false);
  chart.view = { ...view, text: chart.view.text, ...(chart.view.textError ? { textError: chart.view.textError } : {}) };
  const rows = rowsOf(chart.view);
  const text = root.querySelector('.text')?.scrollTop ?? 0;
  if (d.action !== 'add' && d.action !== 'query' && chart.cursor + 1 < rows.length) chart.cursor++;
  chart.cursor = Math.min(chart.cursor, Math.max(0, rows.length - 1));
  renderChart(root, chart, (r) => selectRow(r));
  (root.querySelector('.text') as HTMLElement).scrollTop = text;
}

async function chartKey(key: string): Promise<boolean> {
  const c = chart!;
  const row = rowsOf(c.view)[c.cursor];
  const base = row ? { system: row.system, code: row.code } : undefined;
  switch (key) {
    case 'j':
    case 'ArrowDown':
      selectRow(Math.min(c.cursor + 1, rowsOf(c.view).length - 1));
      return true;
    case 'k':
    case 'ArrowUp':
      selectRow(Math.max(c.cursor - 1, 0));
      return true;
    case 'Enter':
      scrollToEvidence(root, c);
      return true;
    case 'b':
      scrollBack(root, c);
      return true;
    case 'n':
      await stepChart(1);
      return true;
    case 'p':
      await stepChart(-1);
      return true;
    case 'Escape':
    case 'l':
      await showList();
      return true;
    case 'a':
      if (base && !row!.added) await decide({ ...base, action: 'accept' });
      return true;
    case 'u':
      if (base) await decide({ ...base, action: 'clear' });
      return true;
    case 'r': {
      if (!base || row!.added) return true;
      const reason = await pickReason(session.reasons);
      if (reason) await decide({ ...base, action: 'reject', reason });
      return true;
    }
    case 'c': {
      if (!base || row!.added) return true;
      const to = await searchCode(c.view.chart.id, `Change ${base.code} to…`, row!.row!.description, base.system, true);
      if (to) await decide({ ...base, action: 'change', newCode: to.code });
      return true;
    }
    case 's':
    case '/': {
      const sel = selectedRange(root.querySelector('.text') as HTMLElement);
      const to = await searchCode(
        c.view.chart.id,
        'Add a code',
        sel?.text.trim().slice(0, 200) ?? '',
        'icd10cm',
        false,
      );
      if (to)
        await decide({
          system: to.system,
          code: to.code,
          action: 'add',
          ...(sel ? { start: sel.start, end: sel.end } : {}),
        });
      return true;
    }
    case 'q': {
      if (!base) return true;
      const note = await writeQuery(base.code);
      if (note) await decide({ ...base, action: 'query', note });
      return true;
    }
    case 'd': {
      await api.complete(c.view.chart.id);
      setStatus(`done: ${c.view.chart.id}`);
      await stepChart(1);
      return true;
    }
  }
  return false;
}

async function listKey(key: string): Promise<boolean> {
  const items = list.list?.items ?? [];
  switch (key) {
    case 'j':
    case 'ArrowDown':
      list.cursor = Math.min(list.cursor + 1, items.length - 1);
      break;
    case 'k':
    case 'ArrowUp':
      list.cursor = Math.max(list.cursor - 1, 0);
      break;
    case 'Enter':
      if (items[list.cursor]) await openChart(items[list.cursor]!.id);
      return true;
    case ']':
      if (page(list, 1)) await loadList(list);
      break;
    case '[':
      if (page(list, -1)) await loadList(list);
      break;
    default:
      return false;
  }
  renderList(
    root,
    list,
    (id) => void openChart(id),
    () => void showList(),
  );
  return true;
}

document.addEventListener('keydown', (e) => {
  const target = e.target as HTMLElement;
  if (
    busy ||
    e.ctrlKey ||
    e.metaKey ||
    e.altKey ||
    target.closest('dialog') ||
    /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)
  )
    return;
  busy = true;
  const handle = e.key === '?' ? showHelp().then(() => true) : chart ? chartKey(e.key) : listKey(e.key);
  handle
    .then((used) => used && e.preventDefault())
    .catch((err: unknown) => setStatus(err instanceof ApiError ? err.message : 'request failed', true))
    .finally(() => (busy = false));
  if (['Enter', '/', 'ArrowDown', 'ArrowUp', ' '].includes(e.key)) e.preventDefault();
});

async function start(): Promise<void> {
  session = await api.session();
  document.getElementById('batch')!.textContent =
    `batch ${session.batchId} · ${session.charts.toLocaleString('en-US')} charts`;
  document.getElementById('coder')!.textContent = `coder ${session.coder}`;
  document.getElementById('help-button')!.addEventListener('click', () => void showHelp());
  if (session.damagedLines) setStatus(`${session.damagedLines} damaged line(s) in decisions.jsonl were skipped`, true);
  const m = /^#chart=(.+)$/.exec(location.hash);
  await loadList(list);
  if (m) await openChart(decodeURIComponent(m[1]!));
  else await showList();
}

window.addEventListener('hashchange', () => {
  const m = /^#chart=(.+)$/.exec(location.hash);
  if (m) void openChart(decodeURIComponent(m[1]!)).catch(() => setStatus('could not open the chart', true));
});

start().catch((err: unknown) =>
  (console.error(err), setStatus)(err instanceof ApiError ? err.message : 'could not load the batch', true),
);
