/**
 * The analyst's sections of report.html: run details, every rate with its n and 95 % interval ("no data"
 * where nothing was measured), the error tables and, with --compare, the comparison with an earlier
 * evaluation. Plain HTML strings (no script), so the file opens offline in any browser.
 */
import type { Comparison } from './compare.js';
import type { EvalReport } from './evaluate.js';
import type { Figure } from './figures.js';
import type { RunDetails } from './run-details.js';

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${(Math.abs(x) * 100).toFixed(1)} pts`;

export function table(head: string[], rows: (string | number)[][], cls = ''): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`).join('\n');
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${th}</tr></thead><tbody>${tr || `<tr><td colspan="${head.length}">none</td></tr>`}</tbody></table>`;
}

/** `61.2%` or `no data`; the interval as `[58.0% – 64.1%]`. */
export const valueText = (f: { value: number | null }) => (f.value === null ? 'no data' : pct(f.value));
export const intervalText = (f: { lo: number | null; hi: number | null }) =>
  f.lo === null || f.hi === null ? '—' : `[${pct(f.lo)} – ${pct(f.hi)}]`;

export function figureRows(figures: Figure[]): (string | number)[][] {
  return figures.map((f) => [
    f.label,
    valueText(f),
    intervalText(f),
    `${Number.isInteger(f.n) ? f.n : f.n.toFixed(1)} ${f.unit}`,
  ]);
}

export function figureTable(figures: Figure[]): string {
  return table(['figure', 'value', '95% interval', 'n'], figureRows(figures), 'figures');
}

export function runDetailsHtml(d: RunDetails): string {
  const sets = d.codeSets
    ? Object.entries(d.codeSets)
        .map(([s, v]) => `${s} ${v.join(', ')}`)
        .join('; ')
    : 'unknown (no manifest.json in the batch)';
  const models =
    Object.entries(d.models)
      .map(([s, m]) => `${s}: ${m}`)
      .join('; ') || 'none';
  const rows: [string, string][] = [
    ['pipeline', `${d.pipeline ?? 'unknown'}${d.pipelineFile ? ` (${d.pipelineFile})` : ''}`],
    ['config hash (sha256 of the resolved config)', d.configHash ?? 'unknown'],
    ['code-set releases', sets],
    ['models', models],
    ['chartcoder that coded the batch / scored it', `${d.codedWith ?? 'unknown'} / ${d.scoredWith}`],
    ['batch', `${d.batch}${d.batchFinishedAt ? ` (finished ${d.batchFinishedAt})` : ''}`],
    ['gold', `${d.gold} (sha256 ${d.goldHash.slice(0, 16)}…)`],
    ['auto threshold / precision target', `${d.autoThreshold ?? 'unknown'} / ${d.precisionTarget ?? 'unknown'}`],
    [
      'intervals',
      `95% percentile bootstrap over ${d.bootstrap.charts} charts, ${d.bootstrap.resamples} resamples, seed ${d.bootstrap.seed}`,
    ],
  ];
  return `<h2 id="run">Run details</h2>${table(['what', 'value'], rows, 'details')}`;
}

export function errorTablesHtml(r: EvalReport): string {
  const e = r.errors;
  const m = e.misses;
  const codeRows = (rows: typeof e.topMissed) => rows.map((x) => [x.system, x.code, x.title, x.count, x.detail]);
  return [
    '<h2 id="errors">Where the errors are</h2>',
    `<h3>Most missed gold codes</h3>${table(['system', 'code', 'title', 'charts missed', 'of them near misses'], codeRows(e.topMissed))}`,
    `<h3>Most frequent false suggestions</h3>${table(['system', 'code', 'title', 'charts', 'of them auto'], codeRows(e.topFalse))}`,
    `<h3>Near misses (right category, wrong code) by kind</h3>${table(['kind', 'count'], Object.entries(e.nearMisses.byKind))}`,
    table(
      ['chart', 'system', 'gold', 'suggested', 'kind'],
      e.nearMisses.rows.map((x) => [x.chartId, x.system, x.gold, x.predicted, x.kind]),
    ),
    `<h3>Errors by flag reason</h3>${figureTable(r.figures.filter((f) => f.group === 'flag reason'))}`,
    `<h3>Errors by assertion</h3>${figureTable(r.figures.filter((f) => f.group === 'assertion'))}`,
    `<h3>First-listed diagnosis not the gold's</h3>${table(
      ['chart', 'gold', 'sequenced first'],
      m.firstListed.map((x) => [x.chartId, x.gold, x.predicted || '(none)']),
    )}`,
    `<h3>Procedures whose first pointer the gold does not support</h3>${table(
      ['chart', 'procedure', 'gold pointers', 'suggested pointers'],
      m.pointers.map((x) => [x.chartId, x.code, x.gold.join('; '), x.predicted.join('; ') || '(none)']),
    )}`,
    `<h3>HCCs missed and unsupported</h3>${table(
      ['chart', 'HCC', ''],
      m.hcc.map((x) => [x.chartId, x.hcc, x.kind]),
    )}`,
    `<h3>Must-not-code traps broken</h3>${table(
      ['chart', 'trap reason', 'system', 'code suggested', 'status'],
      m.traps.map((x) => [x.chartId, x.reason, x.system, x.code, x.status]),
    )}`,
  ].join('\n');
}

export function comparisonHtml(c: Comparison): string {
  const rows = c.figures.map((f) => [
    f.label,
    f.before === null ? 'no data' : pct(f.before),
    f.after === null ? 'no data' : pct(f.after),
    f.difference === null ? '—' : signed(f.difference),
    f.lo === null || f.hi === null ? '—' : `[${signed(f.lo)}, ${signed(f.hi)}]`,
    f.difference === null ? '' : f.excludesZero ? 'yes' : 'no',
  ]);
  const notes = [
    `${c.charts.shared} charts in both runs${c.charts.onlyEarlier || c.charts.onlyNow ? ` (${c.charts.onlyEarlier} only in the earlier, ${c.charts.onlyNow} only in this one: left out)` : ''}.`,
    c.goldChanged ? "The gold changed between the two runs: some differences are the gold's, not the pipeline's." : '',
  ].filter(Boolean);
  return [
    `<h2 id="compare">Compared with ${esc(c.earlier.dir)}</h2>`,
    `<p>${esc(notes.join(' '))} Differences are this run minus the earlier one, over the shared charts; the interval is a paired bootstrap.</p>`,
    table(['figure', 'earlier', 'now', 'difference', '95% interval', 'excludes zero'], rows, 'compare'),
    `<h3>Codes that changed</h3>${table(
      ['chart', 'system', 'code', 'what', 'change'],
      c.codes.map((x) => [x.chartId, x.system, x.code, x.what, x.direction]),
    )}`,
    `<h3>Charts that changed</h3>${table(
      ['chart', 'F1 before', 'F1 now', 'codes fixed', 'codes broken'],
      c.changedCharts.map((x) => [
        x.chartId,
        x.f1Before === null ? '—' : pct(x.f1Before),
        x.f1After === null ? '—' : pct(x.f1After),
        x.fixed,
        x.broken,
      ]),
    )}`,
  ].join('\n');
}
