/** A self-contained HTML report of an evaluation: the summary, the plots as inline SVG, the tables. */
import type { EvalReport } from './evaluate.js';
import { plotSpecs, renderSvg } from './plots.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function table(head: string[], rows: (string | number)[][]): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

export async function reportHtml(r: EvalReport, meta: { gold: string; batch: string; summary: string }): Promise<string> {
  const plots = await Promise.all(plotSpecs(r).map(async (p) => `<figure><figcaption>${esc(p.title)}</figcaption>${await renderSvg(p.spec)}</figure>`));
  const systems = table(
    ['system', 'P', 'R', 'F1', 'category F1', 'macro F1', 'MAP', 'tp', 'fp', 'fn'],
    Object.entries(r.bySystem).map(([s, m]) => [s, pct(m.micro.precision), pct(m.micro.recall), pct(m.micro.f1), pct(m.category.f1), pct(m.macro.f1), m.map.toFixed(3), m.micro.tp, m.micro.fp, m.micro.fn]),
  );
  const types = table(['document type', 'P', 'R', 'F1'], Object.entries(r.byDocumentType).map(([t, m]) => [t, pct(m.precision), pct(m.recall), pct(m.f1)]));
  const assertions = table(['gold assertion', 'gold codes', 'found', 'recall'], Object.entries(r.byAssertion).map(([a, m]) => [a, m.gold, m.found, pct(m.recall)]));
  const sections = table(['section', 'predicted', 'correct', 'precision'], Object.entries(r.bySection).map(([s, m]) => [s, m.predicted, m.correct, pct(m.precision)]));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chartcoder evaluation</title>
<style>body{font-family:sans-serif;margin:2em;max-width:1100px}figure{display:inline-block;margin:1em}figcaption{font-weight:bold;margin-bottom:.5em}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}td:first-child,th:first-child{text-align:left}pre{background:#f6f6f6;padding:1em}</style>
</head><body>
<h1>chartcoder evaluation</h1>
<p>Gold: <code>${esc(meta.gold)}</code><br>Batch: <code>${esc(meta.batch)}</code></p>
<pre>${esc(meta.summary)}</pre>
${plots.join('\n')}
<h2>By code system</h2>${systems}
<h2>By document type</h2>${types}
<h2>By gold assertion</h2>${assertions}
<h2>By section of the evidence</h2>${sections}
<p>Per-chart differences (missed, spurious, near-miss) are in <code>diff.csv</code>; every figure is in <code>metrics.json</code>.</p>
</body></html>
`;
}
