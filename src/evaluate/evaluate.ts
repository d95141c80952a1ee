/**
 * Score a batch against gold (each prediction matched by gold.ts's rule, the official CodiEsp one): P/R/F1 per system (full code and category), by document type, by
 * assertion and by section; MAP; evidence overlap; calibration; coverage at precision; and a per-chart
 * diff. Returns data; the CLI writes and prints it.
 */
import { scoredCode, type GoldChart } from './gold.js';
import {
  coverageAtPrecision,
  expectedCalibrationError,
  macroPrf,
  meanAveragePrecision,
  microPrf,
  precisionCoverageCurve,
  rangeTokenF1,
  reliabilityBins,
  type CoveragePoint,
  type Prf,
  type ReliabilityBin,
} from './metrics.js';
import { categoryOf } from './code-category.js';
import type { DiffRow } from './diff-row.js';
import { errorTables, type ErrorTables, type TitleOf } from './error-tables.js';
import type { Figure } from './figures.js';
import { locate } from './locate-text.js';
import { scoreCharts, type ChartScores, type ScoreOptions } from './score-charts.js';
import type { BatchCharts, Prediction } from './predictions.js';
import { reviewRowsEffect, type ReviewRowsEffect } from './review-rows-effect.js';

export interface EvalReport {
  charts: { gold: number; inBatch: number; failedInBatch: number; predictedNotInGold: number };
  overall: Prf;
  bySystem: Record<string, { micro: Prf; macro: ReturnType<typeof macroPrf>; category: Prf; map: number }>;
  map: { all: number; diagnoses: number; procedures: number };
  byDocumentType: Record<string, Prf>;
  byAssertion: Record<string, { gold: number; found: number; recall: number }>;
  bySection: Record<string, { predicted: number; correct: number; precision: number }>;
  auto: { rows: number; precision: number; goldFoundAsAuto: number; shareOfGold: number };
  review: { rows: number; precision: number };
  /** Only when the batch ran the second-opinion stage: its effect on the review rows. */
  secondOpinion?: ReviewRowsEffect;
  calibration: { bins: ReliabilityBin[]; ece: number };
  coverage: { curve: CoveragePoint[]; atPrecision95?: CoveragePoint };
  evidence: { matched: number; meanTokenF1: number };
  diff: DiffRow[];
  /** Every rate with its n and bootstrap interval, the per-chart counts behind them, and the error tables. */
  figures: Figure[];
  bootstrap: ChartScores['bootstrap'];
  chartCounts: ChartScores['chartCounts'];
  errors: ErrorTables;
}

export interface EvaluateOptions extends ScoreOptions {
  /** Code titles for the near-miss kinds and error tables (the batch's own titles are used first). */
  titleOf?: TitleOf;
}

const key = (system: string, code: string) => `${system}:${code}`;

export function evaluate(
  gold: GoldChart[],
  batch: BatchCharts,
  textOf: (chartId: string) => string | undefined,
  options: EvaluateOptions = {},
): EvalReport {
  const goldIds = new Set(gold.map((g) => g.chartId));
  const preds = asScored(
    gold,
    batch.predictions.filter((p) => goldIds.has(p.chartId)),
  );
  const predsOf = group(preds, (p) => p.chartId);
  const sets = (filter: (system: string) => boolean, label: (s: string, c: string) => string) => {
    const g = new Map(
      gold.map((c) => [
        c.chartId,
        new Set(c.codes.filter((x) => filter(x.system)).map((x) => label(x.system, x.code))),
      ]),
    );
    const p = new Map(
      [...predsOf].map(([id, ps]) => [
        id,
        new Set(ps.filter((x) => filter(x.system)).map((x) => label(x.system, x.code))),
      ]),
    );
    return { g, p };
  };
  const ranked = (filter: (system: string) => boolean) =>
    new Map(
      [...predsOf].map(([id, ps]) => [id, rank(ps.filter((x) => filter(x.system))).map((x) => key(x.system, x.code))]),
    );
  const systems = [
    ...new Set([...gold.flatMap((g) => g.codes.map((c) => c.system)), ...preds.map((p) => p.system)]),
  ].sort();
  const bySystem: EvalReport['bySystem'] = {};
  for (const s of systems) {
    const only = (x: string) => x === s;
    const full = sets(only, key);
    const cat = sets(only, (sys, c) => key(sys, categoryOf(sys, c)));
    bySystem[s] = {
      micro: microPrf(full.g, full.p),
      macro: macroPrf(full.g, full.p),
      category: microPrf(cat.g, cat.p),
      map: meanAveragePrecision(full.g, ranked(only)),
    };
  }
  const all = sets(() => true, key);
  const isDx = (s: string) => s === 'icd10cm';
  const isPx = (s: string) => s !== 'icd10cm';
  const goldKeys = new Map(gold.map((g) => [g.chartId, new Set(g.codes.map((c) => key(c.system, c.code)))]));
  const correct = (p: Prediction) => goldKeys.get(p.chartId)?.has(key(p.system, p.code)) ?? false;
  const items = preds.map((p) => ({ confidence: p.confidence, correct: correct(p) }));
  const goldTotal = gold.reduce((s, g) => s + g.codes.length, 0);
  const bins = reliabilityBins(items);
  const curve = precisionCoverageCurve(items, goldTotal);
  const auto = preds.filter((p) => p.status === 'auto');
  const review = preds.filter((p) => p.status === 'review');
  const autoCorrect = auto.filter(correct).length;
  const atPrecision95 = coverageAtPrecision(curve, 0.95);
  const evidence = evidenceScores(gold, predsOf, textOf);
  const diff = gold.flatMap((g) => diffChart(g, predsOf.get(g.chartId) ?? []));
  const scores = scoreCharts(
    gold,
    (id) => rank(predsOf.get(id) ?? []),
    (id) => evidence.get(id) ?? [],
    textOf,
    options,
  );
  const titles = new Map(preds.map((p) => [key(p.system, p.code), p.title]));
  const titleOf: TitleOf = (s, c) => titles.get(key(s, c)) || options.titleOf?.(s, c);
  const scored = [...evidence.values()].flat();
  return {
    charts: {
      gold: gold.length,
      inBatch: gold.filter((g) => batch.charts.has(g.chartId)).length,
      failedInBatch: gold.filter((g) => batch.charts.get(g.chartId)?.status === 'failed').length,
      predictedNotInGold: new Set(batch.predictions.filter((p) => !goldIds.has(p.chartId)).map((p) => p.chartId)).size,
    },
    overall: microPrf(all.g, all.p),
    bySystem,
    map: {
      all: meanAveragePrecision(
        all.g,
        ranked(() => true),
      ),
      diagnoses: meanAveragePrecision(sets(isDx, key).g, ranked(isDx)),
      procedures: meanAveragePrecision(sets(isPx, key).g, ranked(isPx)),
    },
    byDocumentType: byDocumentType(gold, all.p),
    byAssertion: byAssertion(gold, all.p),
    bySection: bySection(preds, correct),
    auto: {
      rows: auto.length,
      precision: auto.length ? autoCorrect / auto.length : 0,
      goldFoundAsAuto: autoCorrect,
      shareOfGold: goldTotal ? autoCorrect / goldTotal : 0,
    },
    review: { rows: review.length, precision: review.length ? review.filter(correct).length / review.length : 0 },
    ...secondOpinionOf(preds, goldKeys),
    calibration: { bins, ece: expectedCalibrationError(bins) },
    coverage: { curve, ...(atPrecision95 ? { atPrecision95 } : {}) },
    evidence: {
      matched: scored.length,
      meanTokenF1: scored.length ? scored.reduce((a, b) => a + b, 0) / scored.length : 0,
    },
    diff,
    figures: scores.figures,
    bootstrap: scores.bootstrap,
    chartCounts: scores.chartCounts,
    errors: errorTables(diff, scores.misses, titleOf),
  };
}

/** Each prediction under the code it is scored as (the rule in gold.ts: exact codes, a truncated gold ICD-10-PCS code matched only by itself). */
function asScored(gold: GoldChart[], preds: Prediction[]): Prediction[] {
  const codesOf = new Map(gold.map((g) => [g.chartId, g.codes]));
  return preds.map((p) => {
    const code = scoredCode(codesOf.get(p.chartId) ?? [], p.system, p.code);
    return code === p.code ? p : { ...p, code };
  });
}

function secondOpinionOf(
  preds: Prediction[],
  goldKeys: Map<string, Set<string>>,
): { secondOpinion?: ReviewRowsEffect } {
  const effect = reviewRowsEffect(preds, goldKeys);
  return effect ? { secondOpinion: effect } : {};
}

/** Highest confidence first; ties by code so the order is stable. */
function rank(ps: Prediction[]): Prediction[] {
  return [...ps].sort((a, b) => b.confidence - a.confidence || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

function group<T>(xs: T[], by: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = by(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

function byDocumentType(gold: GoldChart[], pred: Map<string, Set<string>>): Record<string, Prf> {
  const out: Record<string, Prf> = {};
  for (const [type, charts] of group(gold, (g) => g.documentType)) {
    const g = new Map(charts.map((c) => [c.chartId, new Set(c.codes.map((x) => key(x.system, x.code)))]));
    const p = new Map(charts.map((c) => [c.chartId, pred.get(c.chartId) ?? new Set<string>()]));
    out[type] = microPrf(g, p);
  }
  return out;
}

function byAssertion(gold: GoldChart[], pred: Map<string, Set<string>>): EvalReport['byAssertion'] {
  const out: EvalReport['byAssertion'] = {};
  for (const g of gold) {
    for (const c of g.codes) {
      const a = (out[c.assertion] ??= { gold: 0, found: 0, recall: 0 });
      a.gold++;
      if (pred.get(g.chartId)?.has(key(c.system, c.code))) a.found++;
    }
  }
  for (const a of Object.values(out)) a.recall = a.gold ? a.found / a.gold : 0;
  return out;
}

function bySection(preds: Prediction[], correct: (p: Prediction) => boolean): EvalReport['bySection'] {
  const out: EvalReport['bySection'] = {};
  for (const [section, ps] of group(preds, (p) => p.section)) {
    const ok = ps.filter(correct).length;
    out[section] = { predicted: ps.length, correct: ok, precision: ok / ps.length };
  }
  return out;
}

/** Per chart, for each correctly predicted code with gold evidence: token F1 of predicted vs gold ranges in the chart text. */
function evidenceScores(
  gold: GoldChart[],
  predsOf: Map<string, Prediction[]>,
  textOf: (id: string) => string | undefined,
): Map<string, number[]> {
  const byChart = new Map<string, number[]>();
  for (const g of gold) {
    const text = textOf(g.chartId);
    if (!text) continue;
    const scores: number[] = [];
    byChart.set(g.chartId, scores);
    for (const c of g.codes) {
      const p = predsOf.get(g.chartId)?.find((x) => x.system === c.system && x.code === c.code);
      if (!p || c.evidence.length === 0) continue;
      scores.push(
        rangeTokenF1(
          text,
          p.ranges,
          c.evidence.map((e) => locate(text, e)),
        ),
      );
    }
  }
  return byChart;
}

function diffChart(g: GoldChart, ps: Prediction[]): DiffRow[] {
  const rows: DiffRow[] = [];
  const goldKeys = new Set(g.codes.map((c) => key(c.system, c.code)));
  const spurious = ps.filter((p) => !goldKeys.has(key(p.system, p.code)));
  const row = (kind: DiffRow['kind'], system: string, goldCode: string, p?: Prediction): DiffRow => ({
    chart_id: g.chartId,
    kind,
    system,
    gold_code: goldCode,
    predicted_code: p?.code ?? '',
    confidence: p ? p.confidence.toFixed(3) : '',
    status: p?.status ?? '',
  });
  for (const c of g.codes) {
    const match = ps.find((p) => p.system === c.system && p.code === c.code);
    if (match) {
      rows.push(row('match', c.system, c.code, match));
      continue;
    }
    const near = spurious.findIndex(
      (p) => p.system === c.system && categoryOf(p.system, p.code) === categoryOf(c.system, c.code),
    );
    if (near >= 0) rows.push(row('near_miss', c.system, c.code, spurious.splice(near, 1)[0]));
    else rows.push(row('missed', c.system, c.code));
  }
  for (const p of spurious) rows.push(row('spurious', p.system, '', p));
  return rows;
}
