/**
 * Every rate the report shows, defined once as a ratio of per-chart counts (chart-counts.ts) and
 * measured with its n and a seeded 95 % bootstrap interval over charts. A rate with nothing to measure
 * (denominator 0) has value null: the report says "no data", never 0 %.
 * Example: `overall.precision` = Σ all.tp / Σ (all.tp + all.fp), n = suggested codes.
 */
import { bootstrapRatios, type BootstrapOptions, type Interval, type Linear, type RatioDef } from './bootstrap.js';
import type { Counts } from './coding-scores.js';

export interface FigureDef extends RatioDef {
  id: string;
  group: string;
  label: string;
  /** What n counts: `gold codes`, `suggestions`, `charts`, … */
  unit: string;
}

export interface Figure extends Interval {
  id: string;
  group: string;
  label: string;
  unit: string;
}

export const DEFAULT_BOOTSTRAP: BootstrapOptions = { seed: 20261205, resamples: 1000 };

const one = (k: string): Linear => ({ [k]: 1 });

function prfDefs(group: string, idPrefix: string, label: string, k: string): FigureDef[] {
  const [tp, fp, fn] = [`${k}.tp`, `${k}.fp`, `${k}.fn`];
  return [
    {
      id: `${idPrefix}.precision`,
      group,
      label: `${label} precision`,
      unit: 'suggested codes',
      num: one(tp),
      den: { [tp]: 1, [fp]: 1 },
      n: { [tp]: 1, [fp]: 1 },
    },
    {
      id: `${idPrefix}.recall`,
      group,
      label: `${label} recall`,
      unit: 'gold codes',
      num: one(tp),
      den: { [tp]: 1, [fn]: 1 },
      n: { [tp]: 1, [fn]: 1 },
    },
    {
      id: `${idPrefix}.f1`,
      group,
      label: `${label} F1`,
      unit: 'gold + suggested codes',
      num: { [tp]: 2 },
      den: { [tp]: 2, [fp]: 1, [fn]: 1 },
      n: { [tp]: 1, [fp]: 1, [fn]: 1 },
    },
  ];
}

const share = (id: string, group: string, label: string, unit: string, num: string, den: string): FigureDef => ({
  id,
  group,
  label,
  unit,
  num: one(num),
  den: one(den),
  n: one(den),
});

/** The `<name>` of every key `<prefix>.<name>.<suffix>` (names with a dot belong to a deeper key and are skipped). */
function names(keys: Set<string>, prefix: string, suffix: string): string[] {
  return [...keys]
    .filter((k) => k.startsWith(`${prefix}.`) && k.endsWith(`.${suffix}`))
    .map((k) => k.slice(prefix.length + 1, -suffix.length - 1))
    .filter((n) => !n.includes('.'))
    .sort();
}

/** The figures the given count keys support, in report order. */
export function figureDefs(keys: Set<string>): FigureDef[] {
  const defs: FigureDef[] = [
    ...prfDefs('overall', 'overall', 'overall', 'all'),
    { ...prfDefs('overall', 'overall.category', 'category', 'all.cat')[2]!, id: 'overall.category_f1' },
    share('map.all', 'overall', 'MAP (all codes)', 'charts with gold codes', 'map.all.ap', 'map.all.apn'),
    share('map.diagnoses', 'overall', 'MAP (diagnoses)', 'charts with gold diagnoses', 'map.dx.ap', 'map.dx.apn'),
    share('map.procedures', 'overall', 'MAP (procedures)', 'charts with gold procedures', 'map.px.ap', 'map.px.apn'),
    share('auto.precision', 'status', 'auto rows precision', 'auto rows', 'status.auto.right', 'status.auto.rows'),
    share('auto.share_of_gold', 'status', 'gold codes found as auto', 'gold codes', 'status.auto.right', 'gold.codes'),
    share(
      'review.precision',
      'status',
      'review rows precision',
      'review rows',
      'status.review.right',
      'status.review.rows',
    ),
    share(
      'first_listed.accuracy',
      'coding',
      'first-listed diagnosis right',
      'charts whose gold names one',
      'first.right',
      'first.charts',
    ),
    share(
      'pointers.accuracy',
      'coding',
      'first diagnosis pointer supports the procedure',
      'found procedures with gold pointers',
      'ptr.right',
      'ptr.n',
    ),
    share('hcc.capture', 'coding', 'HCC capture (gold HCCs found)', 'gold HCCs', 'hcc.found', 'hcc.gold'),
    share('hcc.precision', 'coding', 'suggested HCCs the gold supports', 'suggested HCCs', 'hcc.found', 'hcc.pred'),
    {
      id: 'traps.compliance',
      group: 'coding',
      label: 'must-not-code traps left alone',
      unit: 'traps',
      num: { 'trap.n': 1, 'trap.hit': -1 },
      den: one('trap.n'),
      n: one('trap.n'),
    },
    share('traps.auto_violations', 'coding', 'traps broken by an auto row', 'traps', 'trap.auto', 'trap.n'),
    share('evidence.token_f1', 'evidence', 'evidence token F1 (matched codes)', 'matched codes', 'ev.sum', 'ev.n'),
  ];
  for (const s of names(keys, 'sys', 'tp')) {
    defs.push(...prfDefs('system', `system.${s}`, s, `sys.${s}`));
    defs.push({
      ...prfDefs('system', `system.${s}`, `${s} category`, `sys.${s}.cat`)[2]!,
      id: `system.${s}.category_f1`,
    });
    defs.push(share(`system.${s}.map`, 'system', `${s} MAP`, 'charts with gold codes', `sys.${s}.ap`, `sys.${s}.apn`));
  }
  for (const t of names(keys, 'doc', 'tp')) defs.push(...prfDefs('document type', `doctype.${t}`, t, `doc.${t}`));
  for (const s of names(keys, 'section', 'rows'))
    defs.push(
      share(
        `section.${s}.precision`,
        'section',
        `${s} precision`,
        'suggestions',
        `section.${s}.right`,
        `section.${s}.rows`,
      ),
    );
  for (const f of names(keys, 'flag', 'rows'))
    defs.push(
      share(
        `flag.${f}.precision`,
        'flag reason',
        `${f === 'none' ? 'no flag' : f} precision`,
        'suggestions',
        `flag.${f}.right`,
        `flag.${f}.rows`,
      ),
    );
  for (const a of names(keys, 'gassert', 'gold'))
    defs.push(
      share(
        `assertion.${a}.recall`,
        'assertion',
        `gold ${a} recall`,
        'gold codes',
        `gassert.${a}.found`,
        `gassert.${a}.gold`,
      ),
    );
  for (const a of names(keys, 'passert', 'rows'))
    defs.push(
      share(
        `assertion.${a}.precision`,
        'assertion',
        `suggested ${a} precision`,
        'suggestions',
        `passert.${a}.right`,
        `passert.${a}.rows`,
      ),
    );
  for (const r of names(keys, 'trapr', 'n')) {
    defs.push({
      id: `traps.${r}.compliance`,
      group: 'coding',
      label: `${r} traps left alone`,
      unit: 'traps',
      num: { [`trapr.${r}.n`]: 1, [`trapr.${r}.hit`]: -1 },
      den: one(`trapr.${r}.n`),
      n: one(`trapr.${r}.n`),
    });
  }
  for (let i = 0; i < 10; i++) {
    defs.push(
      share(
        `calibration.bin${i}.accuracy`,
        'calibration',
        `confidence ${i / 10}–${(i + 1) / 10}: share right`,
        'suggestions',
        `bin.${i}.right`,
        `bin.${i}.rows`,
      ),
    );
    defs.push(
      share(
        `calibration.bin${i}.confidence`,
        'calibration',
        `confidence ${i / 10}–${(i + 1) / 10}: mean confidence`,
        'suggestions',
        `bin.${i}.conf`,
        `bin.${i}.rows`,
      ),
    );
  }
  return defs;
}

/** Every figure with its interval, in report order. */
export function measureFigures(charts: Counts[], opts: BootstrapOptions = DEFAULT_BOOTSTRAP): Figure[] {
  const defs = figureDefs(new Set(charts.flatMap((c) => Object.keys(c))));
  const measured = bootstrapRatios(charts, Object.fromEntries(defs.map((d) => [d.id, d])), opts);
  return defs.map((d) => ({ id: d.id, group: d.group, label: d.label, unit: d.unit, ...measured[d.id]! }));
}
