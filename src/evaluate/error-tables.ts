/**
 * Where the errors concentrate: the most missed gold codes, the most frequent false suggestions, near
 * misses (right category, wrong code) by kind, and the lists behind the coding scores (first-listed
 * diagnosis, pointers, HCCs, traps). Codes and chart ids only: nothing here holds chart text.
 * Example: gold S52.501A, suggested S52.502A → near miss of kind `laterality` (titles differ only in right/left).
 */
import type { DiffRow } from './diff-row.js';
import type { TrapViolation } from './coding-scores.js';

export type NearMissKind = 'specificity' | 'laterality' | '7th character' | 'other code in the category';
export const NEAR_MISS_KINDS: NearMissKind[] = [
  'specificity',
  'laterality',
  '7th character',
  'other code in the category',
];

export type TitleOf = (system: string, code: string) => string | undefined;

export interface CodeErrorRow {
  system: string;
  code: string;
  title: string;
  /** Charts where it went wrong. */
  count: number;
  /** Missed: of them, charts where a code of the same category was suggested instead. False: of them, auto rows. */
  detail: number;
}

export interface NearMissRow {
  chartId: string;
  system: string;
  gold: string;
  predicted: string;
  kind: NearMissKind;
}

export interface CodingMisses {
  firstListed: { chartId: string; gold: string; predicted: string }[];
  pointers: { chartId: string; code: string; gold: string[]; predicted: string[] }[];
  hcc: { chartId: string; hcc: string; kind: 'missed' | 'unsupported' }[];
  traps: TrapViolation[];
}

export interface ErrorTables {
  topMissed: CodeErrorRow[];
  topFalse: CodeErrorRow[];
  nearMisses: { byKind: Record<NearMissKind, number>; rows: NearMissRow[] };
  misses: CodingMisses;
}

const SIDE_WORDS = new Set(['right', 'left', 'bilateral', 'unspecified', 'side']);
const words = (t: string) =>
  t
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** Words in one title and not the other, counted as multisets. */
function wordDifference(a: string, b: string): string[] {
  const count = new Map<string, number>();
  for (const w of words(a)) count.set(w, (count.get(w) ?? 0) + 1);
  for (const w of words(b)) count.set(w, (count.get(w) ?? 0) - 1);
  return [...count].filter(([, n]) => n !== 0).map(([w]) => w);
}

/**
 * The kind of a near miss: the 7th character alone differs; the titles differ only in side words
 * (right, left, bilateral); one code is the other with characters added or dropped, or either is an
 * unspecified code (specificity); else another code of the category.
 */
export function nearMissKind(system: string, gold: string, predicted: string, titleOf: TitleOf): NearMissKind {
  const [g, p] = [gold.replace('.', ''), predicted.replace('.', '')];
  if (system === 'icd10cm' && g.length === 7 && p.length === 7 && g.slice(0, 6) === p.slice(0, 6))
    return '7th character';
  const [tg, tp] = [titleOf(system, gold), titleOf(system, predicted)];
  if (tg && tp) {
    const diff = wordDifference(tg, tp);
    if (
      diff.length > 0 &&
      diff.every((w) => SIDE_WORDS.has(w)) &&
      diff.some((w) => w !== 'unspecified' && w !== 'side')
    )
      return 'laterality';
  }
  if (g.startsWith(p) || p.startsWith(g)) return 'specificity';
  if ([tg, tp].some((t) => t !== undefined && /\bunspecified\b/i.test(t))) return 'specificity';
  return 'other code in the category';
}

function topCodes(
  rows: DiffRow[],
  codeOf: (r: DiffRow) => string,
  detail: (r: DiffRow) => boolean,
  titleOf: TitleOf,
  limit: number,
): CodeErrorRow[] {
  const by = new Map<string, CodeErrorRow>();
  for (const r of rows) {
    const code = codeOf(r);
    const k = `${r.system}:${code}`;
    const row =
      by.get(k) ??
      by.set(k, { system: r.system, code, title: titleOf(r.system, code) ?? '', count: 0, detail: 0 }).get(k)!;
    row.count++;
    if (detail(r)) row.detail++;
  }
  return [...by.values()]
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .slice(0, limit);
}

export function errorTables(diff: DiffRow[], misses: CodingMisses, titleOf: TitleOf, limit = 15): ErrorTables {
  const near = diff.filter((d) => d.kind === 'near_miss');
  const rows = near.map((d) => ({
    chartId: d.chart_id,
    system: d.system,
    gold: d.gold_code,
    predicted: d.predicted_code,
    kind: nearMissKind(d.system, d.gold_code, d.predicted_code, titleOf),
  }));
  const byKind = Object.fromEntries(NEAR_MISS_KINDS.map((k) => [k, rows.filter((r) => r.kind === k).length])) as Record<
    NearMissKind,
    number
  >;
  return {
    topMissed: topCodes(
      diff.filter((d) => d.kind === 'missed' || d.kind === 'near_miss'),
      (d) => d.gold_code,
      (d) => d.kind === 'near_miss',
      titleOf,
      limit,
    ),
    topFalse: topCodes(
      diff.filter((d) => d.kind === 'spurious' || d.kind === 'near_miss'),
      (d) => d.predicted_code,
      (d) => d.status === 'auto',
      titleOf,
      limit,
    ),
    nearMisses: { byKind, rows },
    misses,
  };
}
