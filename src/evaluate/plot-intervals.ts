/**
 * Vega-lite layers for rates with intervals: bars with their 95 % interval as a whisker and n written at
 * the end ("no data" where nothing was measured, never an empty 0 % bar), and the reference lines an
 * analyst reads the plots against (the auto threshold, the precision target).
 * Example: barsWithIntervals([{ label: 'icd10cm F1', value: 0.66, lo: 0.6, hi: 0.71, n: 420 }], 'F1')
 */
import type { Figure } from './figures.js';

type Spec = Record<string, unknown>;

export interface IntervalRow {
  label: string;
  value: number | null;
  lo: number | null;
  hi: number | null;
  n: number;
  /** Optional grouping shown as colour (e.g. precision / recall / F1). */
  series?: string;
}

export const rowOf = (f: Figure, label: string, series?: string): IntervalRow => ({
  label,
  value: f.value,
  lo: f.lo,
  hi: f.hi,
  n: f.n,
  ...(series ? { series } : {}),
});

/** Horizontal bars, one per row, sorted as given; whiskers from lo to hi; `n = …` or `no data` after each. */
export function barsWithIntervals(rows: IntervalRow[], xTitle: string): Spec {
  const values = rows.map((r, i) => ({
    ...r,
    order: i,
    shown: r.value ?? 0,
    note: r.value === null ? 'no data' : `n = ${r.n}`,
    textAt: r.value === null ? 0 : Math.max(r.hi ?? r.value, r.value),
  }));
  const y = { field: 'label', type: 'nominal', sort: { field: 'order', op: 'min' }, title: null };
  const x = {
    type: 'quantitative',
    scale: { domain: [0, 1.25] },
    axis: { values: [0, 0.2, 0.4, 0.6, 0.8, 1], format: '.0%' },
    title: xTitle,
  };
  return {
    height: { step: 16 },
    data: { values },
    layer: [
      {
        transform: [{ filter: 'datum.value !== null' }],
        mark: { type: 'bar', opacity: 0.85 },
        encoding: {
          y,
          x: { ...x, field: 'shown' },
          ...(rows.some((r) => r.series) ? { color: { field: 'series', type: 'nominal', title: null } } : {}),
        },
      },
      {
        transform: [{ filter: 'datum.lo !== null' }],
        mark: { type: 'rule', color: '#222' },
        encoding: { y, x: { ...x, field: 'lo' }, x2: { field: 'hi' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#444' },
        encoding: { y, x: { ...x, field: 'textAt' }, text: { field: 'note' } },
      },
    ],
  };
}

/** A labelled vertical (x) or horizontal (y) reference line; nothing when the value is unknown. */
export function referenceLine(axis: 'x' | 'y', value: number | null, label: string, color = '#c0392b'): Spec[] {
  if (value === null) return [];
  const at = { field: 'v', type: 'quantitative' };
  const data = { values: [{ v: value, label: `${label} ${value}` }] };
  return [
    { data, mark: { type: 'rule', color, strokeDash: [6, 3], strokeWidth: 1.5 }, encoding: { [axis]: at } },
    {
      data,
      mark: {
        type: 'text',
        color,
        fontSize: 10,
        align: 'left',
        ...(axis === 'x' ? { dx: 3, y: 8 } : { dy: -5, x: 4 }),
      },
      encoding: { [axis]: at, text: { field: 'label' } },
    },
  ];
}
