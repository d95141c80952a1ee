import { describe, expect, it } from 'vitest';
import { bootstrapRatios, pairedDifferences } from '../../src/evaluate/bootstrap.js';
import { seededRandom } from '../../src/scoring/seeded-random.js';
import { measureFigures } from '../../src/evaluate/figures.js';

const precision = { p: { num: { tp: 1 }, den: { tp: 1, fp: 1 }, n: { tp: 1, fp: 1 } } };
const opts = { seed: 7, resamples: 300 };

describe('bootstrap over charts', () => {
  it('is reproducible from its seed and brackets the value', () => {
    const charts = Array.from({ length: 40 }, (_, i) => ({ tp: i % 3, fp: i % 2 }));
    const a = bootstrapRatios(charts, precision, opts);
    expect(bootstrapRatios(charts, precision, opts)).toEqual(a);
    expect(bootstrapRatios(charts, precision, { seed: 8, resamples: 300 }).p!.lo).not.toBe(a.p!.lo);
    expect(a.p!.value).toBeCloseTo(39 / 59, 10); // Σtp = 39, Σfp = 20
    expect(a.p!.n).toBe(59);
    expect(a.p!.lo!).toBeLessThan(a.p!.value!);
    expect(a.p!.hi!).toBeGreaterThan(a.p!.value!);
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });

  it('says "no data" (null) when nothing was measured, instead of 0', () => {
    const r = bootstrapRatios(
      [
        { tp: 0, fp: 0 },
        { tp: 0, fp: 0 },
      ],
      precision,
      opts,
    );
    expect(r.p).toEqual({ value: null, n: 0, lo: null, hi: null });
    const figures = measureFigures([{ 'all.tp': 1, 'all.fp': 0, 'all.fn': 0 }], opts);
    expect(figures.find((f) => f.id === 'first_listed.accuracy')).toMatchObject({ value: null, n: 0 });
    expect(figures.find((f) => f.id === 'overall.precision')).toMatchObject({ value: 1, n: 1 });
  });

  it('pairs charts: a shift every chart shares excludes zero, no change does not', () => {
    const before = Array.from({ length: 30 }, (_, i) => ({ tp: 2 + (i % 4), fp: 2 }));
    const better = before.map((c) => ({ tp: c.tp + 1, fp: c.fp - 1 }));
    const d = pairedDifferences(before, better, precision, opts).p!;
    expect(d.difference!).toBeGreaterThan(0);
    expect(d.lo!).toBeGreaterThan(0);
    expect(d.excludesZero).toBe(true);
    const same = pairedDifferences(before, before, precision, opts).p!;
    expect(same).toMatchObject({ difference: 0, lo: 0, hi: 0, excludesZero: false });
  });
});
