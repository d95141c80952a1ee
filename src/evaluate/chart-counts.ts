/**
 * One chart's contribution to every rate of the evaluation, as flat counts: the bootstrap resamples
 * charts and sums these, and `chartcoder eval --compare` pairs them chart by chart. Keys:
 *   all.tp/fp/fn, all.cat.*            codes (category: 3 characters ICD-10-CM, 4 PCS)
 *   sys.<system>.tp/fp/fn, .cat.*, .ap/.apn   per code system; ap = average precision, apn = 1 when it has gold
 *   map.all|dx|px.ap/.apn              MAP over charts with gold codes
 *   doc.<type>.tp/fp/fn                by the gold's document type
 *   section.<s>.rows/right             suggestions by section of their evidence
 *   flag.<reason>.rows/right           suggestions by flag reason (`query_provider`, …; `none` for unflagged)
 *   passert.<a>.rows/right             suggestions by their assertion; gassert.<a>.gold/found gold codes by theirs
 *   status.auto|review.rows/right, gold.codes
 *   bin.<i>.rows/right/conf            reliability bins (10 equal-width confidence bins)
 *   ev.sum/n                           evidence token F1 over matched codes
 *   first.*, ptr.*, hcc.*, trap.*      see coding-scores.ts
 * Example: a chart with gold {I10, E11.9} and suggestions {I10 auto} → all.tp 1, all.fn 1, status.auto.right 1, …
 */
import { categoryOf } from './code-category.js';
import type { GoldChart } from './gold.js';
import { averagePrecision, microPrf } from './metrics.js';
import type { Prediction } from './predictions.js';
import type { Counts } from './coding-scores.js';

const codeKey = (system: string, code: string) => `${system}:${code}`;

function add(into: Counts, k: string, by = 1): void {
  into[k] = (into[k] ?? 0) + by;
}

function prfCounts(into: Counts, prefix: string, gold: Set<string>, pred: Set<string>): void {
  const m = microPrf(new Map([['c', gold]]), new Map([['c', pred]]));
  add(into, `${prefix}.tp`, m.tp);
  add(into, `${prefix}.fp`, m.fp);
  add(into, `${prefix}.fn`, m.fn);
}

function apCounts(into: Counts, prefix: string, gold: Set<string>, ranked: Prediction[]): void {
  if (gold.size === 0) return;
  add(
    into,
    `${prefix}.ap`,
    averagePrecision(
      ranked.map((p) => codeKey(p.system, p.code)),
      gold,
    ),
  );
  add(into, `${prefix}.apn`);
}

/** `preds` are the chart's suggestions ranked by confidence (highest first); `evidence` its matched codes' token F1. */
export function chartCounts(g: GoldChart, preds: Prediction[], evidence: number[]): Counts {
  const c: Counts = {};
  const keys = (filter: (s: string) => boolean, label = codeKey) => ({
    gold: new Set(g.codes.filter((x) => filter(x.system)).map((x) => label(x.system, x.code))),
    pred: new Set(preds.filter((x) => filter(x.system)).map((x) => label(x.system, x.code))),
  });
  const cat = (s: string, code: string) => codeKey(s, categoryOf(s, code));
  const systems = new Set([...g.codes.map((x) => x.system), ...preds.map((p) => p.system)]);
  for (const [prefix, filter] of [
    ['all', () => true],
    ...[...systems].map((s) => [`sys.${s}`, (x: string) => x === s]),
  ] as [string, (s: string) => boolean][]) {
    const full = keys(filter);
    prfCounts(c, prefix, full.gold, full.pred);
    const byCat = keys(filter, cat);
    prfCounts(c, `${prefix}.cat`, byCat.gold, byCat.pred);
    if (prefix !== 'all')
      apCounts(
        c,
        prefix,
        full.gold,
        preds.filter((p) => filter(p.system)),
      );
  }
  for (const [prefix, filter] of [
    ['map.all', () => true],
    ['map.dx', (s: string) => s === 'icd10cm'],
    ['map.px', (s: string) => s !== 'icd10cm'],
  ] as const) {
    apCounts(
      c,
      prefix,
      keys(filter).gold,
      preds.filter((p) => filter(p.system)),
    );
  }
  const all = keys(() => true);
  prfCounts(c, `doc.${g.documentType}`, all.gold, all.pred);
  add(c, 'gold.codes', all.gold.size);
  for (const x of g.codes) {
    add(c, `gassert.${x.assertion}.gold`);
    add(c, `gassert.${x.assertion}.found`, all.pred.has(codeKey(x.system, x.code)) ? 1 : 0);
  }
  for (const p of preds) {
    const right = all.gold.has(codeKey(p.system, p.code)) ? 1 : 0;
    const flags = p.flags?.length ? [...new Set(p.flags.map((f) => f.split(':')[0]!))] : ['none'];
    for (const k of [
      `section.${p.section}`,
      `passert.${p.assertion}`,
      `status.${p.status}`,
      ...flags.map((f) => `flag.${f}`),
    ]) {
      add(c, `${k}.rows`);
      add(c, `${k}.right`, right);
    }
    const bin = `bin.${Math.min(9, Math.floor(p.confidence * 10))}`;
    add(c, `${bin}.rows`);
    add(c, `${bin}.right`, right);
    add(c, `${bin}.conf`, p.confidence);
  }
  if (evidence.length) {
    add(
      c,
      'ev.sum',
      evidence.reduce((a, b) => a + b, 0),
    );
    add(c, 'ev.n', evidence.length);
  }
  return c;
}
