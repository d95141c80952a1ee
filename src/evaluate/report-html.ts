/**
 * A self-contained HTML report of an evaluation: run details, the summary, every rate with its n and
 * 95 % interval, the plots as inline SVG (no script, nothing loaded), the error tables and, with
 * --compare, the comparison with an earlier evaluation.
 */
import type { Comparison } from './compare.js';
import type { EvalReport } from './evaluate.js';
import { plotSpecs, renderSvg } from './plots.js';
import { comparisonHtml, errorTablesHtml, esc, figureTable, runDetailsHtml } from './report-sections.js';
import type { RunDetails } from './run-details.js';

export interface ReportMeta {
  summary: string;
  details: RunDetails;
  comparison?: Comparison;
}

export async function reportHtml(r: EvalReport, meta: ReportMeta): Promise<string> {
  const lines = { autoThreshold: meta.details.autoThreshold, precisionTarget: meta.details.precisionTarget };
  const plots = await Promise.all(
    plotSpecs(r, lines).map(
      async (p) => `<figure class="plot"><figcaption>${esc(p.title)}</figcaption>${await renderSvg(p.spec)}</figure>`,
    ),
  );
  const group = (...groups: string[]) => figureTable(r.figures.filter((f) => groups.includes(f.group)));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chartcoder evaluation</title>
<style>body{font-family:sans-serif;margin:2em;max-width:1200px}figure{display:inline-block;margin:1em;vertical-align:top}figcaption{font-weight:bold;margin-bottom:.5em}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}td:first-child,th:first-child{text-align:left}
table.details td{text-align:left}pre{background:#f6f6f6;padding:1em}</style>
</head><body>
<h1>chartcoder evaluation</h1>
${runDetailsHtml(meta.details)}
<pre>${esc(meta.summary)}</pre>
<h2 id="figures">Figures with their 95% intervals</h2>
<p>Each rate is measured over the charts; the interval is a percentile bootstrap that resamples charts (seeded, so the report is
reproducible). "no data" means nothing was measured (n = 0), not 0%.</p>
${group('overall', 'status', 'evidence')}
<h3>Sequencing, pointers, HCC capture and must-not-code traps</h3>${group('coding')}
${meta.comparison ? comparisonHtml(meta.comparison) : ''}
<h2 id="plots">Plots</h2>
${plots.join('\n')}
<h2>By code system</h2>${group('system')}
<h2>By document type</h2>${group('document type')}
<h2>By section of the evidence</h2>${group('section')}
${errorTablesHtml(r)}
<p>Per-chart differences (missed, spurious, near-miss) are in <code>diff.csv</code>; every figure is in <code>metrics.json</code>,
the per-chart counts the intervals are drawn from in <code>chart-counts.json</code>.</p>
</body></html>
`;
}
