/**
 * The rest of the coding, per chart: is the first-listed diagnosis the gold's, do procedures point at a
 * diagnosis the gold says supports them, are the gold's HCCs captured, and are the gold's must-not-code
 * traps left alone. Each returns counts (summed and bootstrapped by chart elsewhere) and, for the error
 * tables, what went wrong — codes and chart ids only, never chart text.
 * Example: gold firstListed K35.80, predicted sequence 1 = K35.80 → { 'first.charts': 1, 'first.right': 1 }.
 */
import type { HccMap } from '../apply-guidelines/hcc-map.js';
import type { GoldChart } from './gold.js';
import { findPhrase } from './locate-text.js';
import type { Prediction } from './predictions.js';

export type Counts = Record<string, number>;

export interface TrapViolation {
  chartId: string;
  reason: string;
  system: string;
  code: string;
  status: string;
}

const codeKey = (system: string, code: string) => `${system}:${code}`;

/** `first.charts` (gold states a first-listed diagnosis) and `first.right` (the prediction sequenced 1 is it). */
export function firstListedCounts(g: GoldChart, preds: Prediction[]): Counts {
  if (!g.firstListed) return {};
  const first = preds.find((p) => p.system === 'icd10cm' && p.sequence === 1);
  return { 'first.charts': 1, 'first.right': first?.code === g.firstListed ? 1 : 0 };
}

/** Over gold procedures with `pointers` that were found: `ptr.n`, and `ptr.right` when the first predicted pointer is one of them. */
export function pointerCounts(g: GoldChart, preds: Prediction[]): Counts {
  const out: Counts = {};
  for (const c of g.codes) {
    if (!c.pointers) continue;
    const p = preds.find((x) => x.system === c.system && x.code === c.code);
    if (!p) continue;
    out['ptr.n'] = (out['ptr.n'] ?? 0) + 1;
    out['ptr.right'] =
      (out['ptr.right'] ?? 0) + (p.pointers?.[0] !== undefined && c.pointers.includes(p.pointers[0]) ? 1 : 0);
  }
  return out;
}

/** The HCC categories a chart's diagnoses count for: every mapped category not outranked by another one on the chart. */
export function chartHccs(codes: string[], map: HccMap): Set<string> {
  const all = new Set(codes.flatMap((c) => map.byCode.get(c.replace('.', '')) ?? []));
  return new Set([...all].filter((cc) => !(map.outrankedBy.get(cc) ?? []).some((p) => all.has(p))));
}

/** `hcc.gold`, `hcc.pred` (any status) and `hcc.found` (in both), after the hierarchy on each side. */
export function hccCounts(
  g: GoldChart,
  preds: Prediction[],
  map: HccMap,
): { counts: Counts; missed: string[]; unsupported: string[] } {
  const gold = chartHccs(
    g.codes.filter((c) => c.system === 'icd10cm').map((c) => c.code),
    map,
  );
  const pred = chartHccs(
    preds.filter((p) => p.system === 'icd10cm').map((p) => p.code),
    map,
  );
  const found = [...gold].filter((cc) => pred.has(cc));
  return {
    counts: { 'hcc.gold': gold.size, 'hcc.pred': pred.size, 'hcc.found': found.length },
    missed: [...gold].filter((cc) => !pred.has(cc)),
    unsupported: [...pred].filter((cc) => !gold.has(cc)),
  };
}

/**
 * Traps: a suggestion breaks one when it is not a gold code of the chart and either its evidence overlaps
 * the trap's phrase or its code is one the trap names. `trap.n` traps that could be checked (phrase found
 * in the text, or codes named), `trap.hit` broken by any suggestion, `trap.auto` by an auto one;
 * `trapr.<reason>.n/hit` the same by the trap's reason; `trap.unlocated` phrases not found in the text and naming no code (left out of the rate).
 */
export function trapCounts(
  g: GoldChart,
  preds: Prediction[],
  text: string | undefined,
): { counts: Counts; violations: TrapViolation[] } {
  const traps = g.notCoded ?? [];
  if (traps.length === 0) return { counts: {}, violations: [] };
  const goldCodes = new Set(g.codes.map((c) => codeKey(c.system, c.code)));
  const wrong = preds.filter((p) => !goldCodes.has(codeKey(p.system, p.code)));
  const counts: Counts = { 'trap.n': 0, 'trap.hit': 0, 'trap.auto': 0, 'trap.unlocated': 0 };
  const violations: TrapViolation[] = [];
  for (const t of traps) {
    const span = text ? (findPhrase(text, t.text) ?? findPhrase(text, t.text, true)) : undefined;
    if (!span && !t.codes?.length) {
      counts['trap.unlocated']!++;
      continue;
    }
    counts['trap.n']!++;
    counts[`trapr.${t.reason}.n`] = (counts[`trapr.${t.reason}.n`] ?? 0) + 1;
    const overlaps = (p: Prediction) =>
      span !== undefined && p.ranges.some((r) => r.start < span.end && span.start < r.end);
    const breaking = wrong.filter((p) => overlaps(p) || (t.codes ?? []).includes(p.code));
    if (breaking.length === 0) continue;
    counts['trap.hit']!++;
    counts[`trapr.${t.reason}.hit`] = (counts[`trapr.${t.reason}.hit`] ?? 0) + 1;
    if (breaking.some((p) => p.status === 'auto')) counts['trap.auto']!++;
    for (const p of breaking)
      violations.push({ chartId: g.chartId, reason: t.reason, system: p.system, code: p.code, status: p.status });
  }
  return { counts, violations };
}
