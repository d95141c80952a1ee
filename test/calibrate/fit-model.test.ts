import { describe, expect, it } from 'vitest';
import { FEATURES } from '../../src/scoring/features.js';
import { autoAt, autoFigures } from '../../src/calibrate/choose-threshold.js';
import { chartFolds, crossValidate, fitModel, rows } from '../../src/calibrate/fit-model.js';
import type { Example } from '../../src/calibrate/gold-examples.js';
import { predict } from '../../src/scoring/scorer.js';

/**
 * Synthetic gold: 40 charts of 6 suggestions; a suggestion stated in a conclusion section (even n) is
 * right unless n is a multiple of 10 (80%), one only in the narrative (odd n) only when n is a multiple of 5 (20%).
 */
function examples(): Example[] {
  const out: Example[] = [];
  const at = (f: string) => FEATURES.indexOf(f as (typeof FEATURES)[number]);
  for (let c = 0; c < 40; c++) {
    for (let k = 0; k < 6; k++) {
      const n = c * 6 + k;
      const conclusion = k % 2 === 0;
      const x = FEATURES.map(() => 0);
      x[at('bias')] = 1;
      x[at(conclusion ? 'inConclusion' : 'narrativeOnly')] = 1;
      const correct = conclusion ? n % 10 !== 0 : n % 5 === 0;
      out.push({ chartId: `chart-${String(c).padStart(2, '0')}`, x, correct, blocked: k === 5 });
    }
  }
  return out;
}

describe('fitting and cross-validating the confidence model', () => {
  const data = examples();
  const opts = { method: 'logistic' as const, l2: 1, folds: 5, targetPrecision: 0.75 };

  it('keeps every chart in one fold, dealt round-robin by id', () => {
    const folds = chartFolds(data, 5);
    expect(folds).toHaveLength(5);
    for (const chart of new Set(data.map((e) => e.chartId))) {
      const holding = folds.filter((f) => [...f].some((i) => data[i]!.chartId === chart));
      expect(holding, chart).toHaveLength(1);
    }
    expect([...folds[0]!].map((i) => data[i]!.chartId).filter((c, i, a) => a.indexOf(c) === i)).toEqual([
      'chart-00',
      'chart-05',
      'chart-10',
      'chart-15',
      'chart-20',
      'chart-25',
      'chart-30',
      'chart-35',
    ]);
  });

  it('learns the rate of each kind of suggestion and puts the threshold between them', () => {
    const m = fitModel(data, opts);
    const conclusion = data.find((e) => e.x[FEATURES.indexOf('inConclusion')] === 1)!;
    const narrative = data.find((e) => e.x[FEATURES.indexOf('narrativeOnly')] === 1)!;
    expect(predict(m, conclusion.x)).toBeCloseTo(0.8, 1);
    expect(predict(m, narrative.x)).toBeCloseTo(0.2, 1);
    // candidates include the out-of-fold scores, so the threshold may sit a little below the fitted conclusion score
    expect(m.threshold).toBeGreaterThan(predict(m, narrative.x));
    expect(m.threshold).toBeLessThanOrEqual(predict(m, conclusion.x));
    const r = rows(data, (e) => predict(m, e.x));
    const fig = autoFigures(r, autoAt(r, m.threshold), 100);
    expect(fig.autoRows).toBe(120); // every conclusion row (the blocked ones, k = 5, are narrative)
    expect(fig.autoPrecision).toBe(0.8);
  });

  it('scores every suggestion once, out of fold, the same on every run', () => {
    const a = crossValidate(data, opts);
    expect(a.rows).toHaveLength(data.length);
    expect(a.auto.filter((x, i) => x && data[i]!.blocked)).toEqual([]);
    expect(crossValidate(data, opts)).toEqual(a);
  });

  it('fits an isotonic map on top that keeps the order of the scores', () => {
    const m = fitModel(data, { ...opts, method: 'isotonic' });
    expect(m.isotonic).toBeDefined();
    const scores = data.map((e) => predict(m, e.x));
    const conclusion = scores.filter((_, i) => data[i]!.x[FEATURES.indexOf('inConclusion')] === 1);
    const narrative = scores.filter((_, i) => data[i]!.x[FEATURES.indexOf('narrativeOnly')] === 1);
    expect(Math.min(...conclusion)).toBeGreaterThan(Math.max(...narrative));
  });
});
