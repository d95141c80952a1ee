/**
 * `chartcoder eval --compare <earlier eval folder>`: every figure of both evaluations side by side with
 * the difference and a paired bootstrap interval over the charts both scored, and what changed: gold
 * codes found before and lost now (right → wrong) or the reverse, false suggestions that appeared or
 * went away, and the charts whose F1 moved. Reads the earlier folder's chart-counts.json, diff.csv and
 * metrics.json (written by eval); codes and chart ids only.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { readJsonFile, type JsonFileKind } from '../contract/json-file.js';
import { pairedDifferences, type BootstrapOptions, type PairedDifference } from './bootstrap.js';
import type { Counts } from './coding-scores.js';
import type { DiffRow } from './diff-row.js';
import { figureDefs } from './figures.js';
import type { RunDetails } from './run-details.js';

export interface EvalSnapshot {
  dir: string;
  details: RunDetails | null;
  chartCounts: { chartId: string; counts: Counts }[];
  diff: DiffRow[];
}

export interface CodeChange {
  chartId: string;
  system: string;
  code: string;
  /** A gold code found / lost, or a false suggestion gone / new. */
  what: 'gold code' | 'false suggestion';
  direction: 'right → wrong' | 'wrong → right';
}

export interface ChartChange {
  chartId: string;
  f1Before: number | null;
  f1After: number | null;
  fixed: number;
  broken: number;
}

export interface Comparison {
  earlier: { dir: string; details: RunDetails | null };
  charts: { shared: number; onlyEarlier: number; onlyNow: number };
  /** The gold changed between the two runs (by its hash): some changes are the gold's, not the pipeline's. */
  goldChanged: boolean | null;
  figures: ({ id: string; group: string; label: string } & PairedDifference)[];
  codes: CodeChange[];
  changedCharts: ChartChange[];
}

/** chart-counts.json as eval writes it: per chart, its counts by name. */
const chartCountsSchema = z.object({
  charts: z.array(z.object({ chartId: z.string(), counts: z.record(z.string(), z.number()) }).passthrough()),
});

const evalFileKind = (name: string): JsonFileKind => ({
  what: `${name} of an eval folder`,
  missing: 'INPUT_NOT_FOUND',
  unreadable: 'INPUT_MANIFEST_INVALID',
  invalid: 'INPUT_MANIFEST_INVALID',
  hint: 'written by chartcoder eval from this version on',
});

/**
 * metrics.json is only read for its `run` details, which compare shows when present: any shape passes, a
 * details block this version does not know is shown as far as it goes (run-details.ts reads it field by field).
 */
const metricsSchema = z.object({ run: z.custom<RunDetails>().optional() }).passthrough();

/** An earlier eval folder, as --compare reads it. */
export function readEvalFolder(dir: string): EvalSnapshot {
  const file = (name: string) => path.join(dir, name);
  const counts = readJsonFile(file('chart-counts.json'), chartCountsSchema, evalFileKind('chart-counts.json'));
  const metrics = existsSync(file('metrics.json'))
    ? readJsonFile(file('metrics.json'), metricsSchema, evalFileKind('metrics.json'))
    : {};
  const diff = existsSync(file('diff.csv'))
    ? (parse(readFileSync(file('diff.csv')), { columns: true, bom: true }) as DiffRow[])
    : [];
  return {
    dir: path.resolve(dir),
    details: metrics.run ?? null,
    chartCounts: counts.charts as EvalSnapshot['chartCounts'],
    diff,
  };
}

const f1Of = (c: Counts | undefined) => {
  const [tp, fp, fn] = [c?.['all.tp'] ?? 0, c?.['all.fp'] ?? 0, c?.['all.fn'] ?? 0];
  return tp + fp + fn === 0 ? null : (2 * tp) / (2 * tp + fp + fn);
};

/** Per (chart, system, code): whether each gold code was found, and which false suggestions were made. */
function outcomes(diff: DiffRow[], shared: Set<string>): { found: Map<string, boolean>; falses: Set<string> } {
  const found = new Map<string, boolean>();
  const falses = new Set<string>();
  for (const d of diff) {
    if (!shared.has(d.chart_id)) continue;
    if (d.kind !== 'spurious') found.set(`${d.chart_id}\t${d.system}\t${d.gold_code}`, d.kind === 'match');
    if (d.kind === 'spurious' || d.kind === 'near_miss') falses.add(`${d.chart_id}\t${d.system}\t${d.predicted_code}`);
  }
  return { found, falses };
}

function codeChanges(before: DiffRow[], after: DiffRow[], shared: Set<string>): CodeChange[] {
  const [a, b] = [outcomes(before, shared), outcomes(after, shared)];
  const change = (k: string, what: CodeChange['what'], direction: CodeChange['direction']): CodeChange => {
    const [chartId, system, code] = k.split('\t') as [string, string, string];
    return { chartId, system, code, what, direction };
  };
  const out: CodeChange[] = [];
  for (const [k, now] of b.found) {
    const was = a.found.get(k);
    if (was === true && !now) out.push(change(k, 'gold code', 'right → wrong'));
    if (was === false && now) out.push(change(k, 'gold code', 'wrong → right'));
  }
  for (const k of b.falses) if (!a.falses.has(k)) out.push(change(k, 'false suggestion', 'right → wrong'));
  for (const k of a.falses) if (!b.falses.has(k)) out.push(change(k, 'false suggestion', 'wrong → right'));
  return out.sort((x, y) =>
    x.chartId < y.chartId ? -1 : x.chartId > y.chartId ? 1 : x.code < y.code ? -1 : x.code > y.code ? 1 : 0,
  );
}

export function compareEvaluations(
  earlier: EvalSnapshot,
  now: Omit<EvalSnapshot, 'dir'>,
  opts: BootstrapOptions,
): Comparison {
  const before = new Map(earlier.chartCounts.map((c) => [c.chartId, c.counts]));
  const after = new Map(now.chartCounts.map((c) => [c.chartId, c.counts]));
  const shared = [...after.keys()].filter((id) => before.has(id)).sort();
  const defs = figureDefs(new Set([...before.values(), ...after.values()].flatMap((c) => Object.keys(c))));
  const paired = pairedDifferences(
    shared.map((id) => before.get(id)!),
    shared.map((id) => after.get(id)!),
    Object.fromEntries(defs.map((d) => [d.id, d])),
    opts,
  );
  const codes = codeChanges(earlier.diff, now.diff, new Set(shared));
  const changedCharts = shared
    .map((chartId) => ({
      chartId,
      f1Before: f1Of(before.get(chartId)),
      f1After: f1Of(after.get(chartId)),
      fixed: codes.filter((c) => c.chartId === chartId && c.direction === 'wrong → right').length,
      broken: codes.filter((c) => c.chartId === chartId && c.direction === 'right → wrong').length,
    }))
    .filter((c) => c.fixed + c.broken > 0)
    .sort((x, y) => x.fixed - x.broken - (y.fixed - y.broken) || (x.chartId < y.chartId ? -1 : 1));
  const [g1, g2] = [earlier.details?.goldHash, now.details?.goldHash];
  return {
    earlier: { dir: earlier.dir, details: earlier.details },
    charts: { shared: shared.length, onlyEarlier: before.size - shared.length, onlyNow: after.size - shared.length },
    goldChanged: g1 && g2 ? g1 !== g2 : null,
    figures: defs
      .filter((d) => d.group !== 'calibration')
      .map((d) => ({ id: d.id, group: d.group, label: d.label, ...paired[d.id]! })),
    codes,
    changedCharts,
  };
}
