/**
 * The per-chart half of the evaluation: each gold chart's counts (chart-counts.ts plus the coding
 * scores), the figures measured from them with their bootstrap intervals, and the lists behind the
 * coding scores for the error tables. Called by evaluate() with the suggestions already matched to gold.
 */
import type { HccMap } from '../apply-guidelines/hcc-map.js';
import type { BootstrapOptions } from './bootstrap.js';
import { chartCounts } from './chart-counts.js';
import { firstListedCounts, hccCounts, pointerCounts, trapCounts, type Counts } from './coding-scores.js';
import type { CodingMisses } from './error-tables.js';
import { DEFAULT_BOOTSTRAP, measureFigures, type Figure } from './figures.js';
import type { GoldChart } from './gold.js';
import type { Prediction } from './predictions.js';

export interface ScoreOptions {
  /** The CMS-HCC map for HCC capture; without it HCC capture has no data. */
  hcc?: HccMap;
  bootstrap?: BootstrapOptions;
}

export interface ChartScores {
  chartCounts: { chartId: string; counts: Counts }[];
  figures: Figure[];
  misses: CodingMisses;
  bootstrap: BootstrapOptions & { unit: 'chart'; charts: number };
}

/** `ranked(id)`: the chart's suggestions, highest confidence first; `evidence(id)`: token F1 of its matched codes. */
export function scoreCharts(
  gold: GoldChart[],
  ranked: (chartId: string) => Prediction[],
  evidence: (chartId: string) => number[],
  textOf: (chartId: string) => string | undefined,
  options: ScoreOptions = {},
): ChartScores {
  const misses: CodingMisses = { firstListed: [], pointers: [], hcc: [], traps: [] };
  const counts = gold.map((g) => {
    const preds = ranked(g.chartId);
    const traps = trapCounts(g, preds, textOf(g.chartId));
    misses.traps.push(...traps.violations);
    const c: Counts = {
      ...chartCounts(g, preds, evidence(g.chartId)),
      ...firstListedCounts(g, preds),
      ...pointerCounts(g, preds),
      ...traps.counts,
    };
    if (options.hcc) {
      const h = hccCounts(g, preds, options.hcc);
      Object.assign(c, h.counts);
      misses.hcc.push(
        ...h.missed.map((hcc) => ({ chartId: g.chartId, hcc, kind: 'missed' as const })),
        ...h.unsupported.map((hcc) => ({ chartId: g.chartId, hcc, kind: 'unsupported' as const })),
      );
    }
    collectMisses(g, preds, misses);
    return { chartId: g.chartId, counts: c };
  });
  const bootstrap = options.bootstrap ?? DEFAULT_BOOTSTRAP;
  return {
    chartCounts: counts,
    figures: measureFigures(
      counts.map((c) => c.counts),
      bootstrap,
    ),
    misses,
    bootstrap: { ...bootstrap, unit: 'chart', charts: counts.length },
  };
}

function collectMisses(g: GoldChart, preds: Prediction[], misses: CodingMisses): void {
  if (g.firstListed) {
    const first = preds.find((p) => p.system === 'icd10cm' && p.sequence === 1)?.code ?? '';
    if (first !== g.firstListed) misses.firstListed.push({ chartId: g.chartId, gold: g.firstListed, predicted: first });
  }
  for (const c of g.codes) {
    const p = c.pointers && preds.find((x) => x.system === c.system && x.code === c.code);
    if (p && !(p.pointers?.[0] !== undefined && c.pointers!.includes(p.pointers[0])))
      misses.pointers.push({ chartId: g.chartId, code: c.code, gold: c.pointers!, predicted: p.pointers ?? [] });
  }
}
