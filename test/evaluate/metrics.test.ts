import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  coverageAtPrecision,
  expectedCalibrationError,
  macroPrf,
  meanAveragePrecision,
  microPrf,
  precisionCoverageCurve,
  prf,
  rangeTokenF1,
  reliabilityBins,
} from '../../src/evaluate/metrics.js';

const docs = (o: Record<string, string[]>) => new Map(Object.entries(o).map(([k, v]) => [k, new Set(v)]));

describe('metrics, on hand-computed examples', () => {
  it('prf', () => {
    expect(prf(3, 1, 2)).toMatchObject({ precision: 0.75, recall: 0.6 });
    expect(prf(3, 1, 2).f1).toBeCloseTo((2 * 0.75 * 0.6) / 1.35, 12);
    expect(prf(0, 0, 4)).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });

  it('micro and macro P/R/F1', () => {
    const gold = docs({ d1: ['A', 'B'], d2: ['A', 'C'] });
    const pred = docs({ d1: ['A', 'X'], d2: ['A', 'C', 'B'] });
    // TP: d1 A, d2 A, d2 C = 3; FP: d1 X, d2 B = 2; FN: d1 B = 1
    expect(microPrf(gold, pred)).toMatchObject({ tp: 3, fp: 2, fn: 1, precision: 0.6, recall: 0.75 });
    // labels: A (tp2) P1 R1 F1; B (fp1, fn1) 0; C (tp1) 1; X (fp1) 0 → mean P = R = F1 = 0.5
    expect(macroPrf(gold, pred)).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, labels: 4 });
  });

  it('average precision and MAP as CodiEsp defines them', () => {
    // gold {A, C}; ranked A X C: P@1 = 1, P@3 = 2/3 → AP = (1 + 2/3) / 2
    expect(averagePrecision(['A', 'X', 'C'], new Set(['A', 'C']))).toBeCloseTo(5 / 6, 12);
    // a gold label never found counts 0: gold {A, B, C}, ranked X A → (1/2) / 3
    expect(averagePrecision(['X', 'A'], new Set(['A', 'B', 'C']))).toBeCloseTo(1 / 6, 12);
    expect(averagePrecision(['A', 'A', 'B'], new Set(['A', 'B']))).toBeCloseTo((1 + 2 / 3) / 2, 12);
    const map = meanAveragePrecision(docs({ d1: ['A', 'C'], d2: ['B'] }), new Map([['d1', ['A', 'X', 'C']]]));
    expect(map).toBeCloseTo((5 / 6 + 0) / 2, 12);
  });

  it('reliability bins and expected calibration error', () => {
    const items = [
      { confidence: 0.95, correct: true },
      { confidence: 0.95, correct: false },
      { confidence: 0.15, correct: false },
      { confidence: 1.0, correct: true },
    ];
    const bins = reliabilityBins(items, 10);
    expect(bins[9]).toMatchObject({ count: 3, accuracy: 2 / 3 });
    expect(bins[9]!.meanConfidence).toBeCloseTo(2.9 / 3, 12);
    expect(bins[1]).toMatchObject({ count: 1, accuracy: 0, meanConfidence: 0.15 });
    // ECE = 3/4 · |2/3 − 2.9/3| + 1/4 · |0 − 0.15| = 3/4 · 0.3 + 0.0375 = 0.2625
    expect(expectedCalibrationError(bins)).toBeCloseTo(0.2625, 12);
  });

  it('precision–coverage curve and coverage at precision', () => {
    const items = [
      { confidence: 0.9, correct: true },
      { confidence: 0.8, correct: true },
      { confidence: 0.8, correct: false },
      { confidence: 0.5, correct: true },
    ];
    const curve = precisionCoverageCurve(items, 5);
    expect(curve).toEqual([
      { threshold: 0.9, precision: 1, coverage: 0.2 },
      { threshold: 0.8, precision: 2 / 3, coverage: 0.4 },
      { threshold: 0.5, precision: 0.75, coverage: 0.6 },
    ]);
    expect(coverageAtPrecision(curve, 0.95)).toEqual({ threshold: 0.9, precision: 1, coverage: 0.2 });
    expect(coverageAtPrecision(curve, 0.7)).toEqual({ threshold: 0.5, precision: 0.75, coverage: 0.6 });
  });

  it('evidence token F1 over character ranges', () => {
    const text = 'type 2 diabetes with peripheral neuropathy';
    // predicted "type 2 diabetes" (3 tokens) vs gold whole phrase (6 tokens): P 1, R 0.5 → F1 2/3
    expect(rangeTokenF1(text, [{ start: 0, end: 15 }], [{ start: 0, end: text.length }])).toBeCloseTo(2 / 3, 12);
    expect(rangeTokenF1(text, [{ start: 21, end: 31 }], [{ start: 0, end: 6 }])).toBe(0);
  });
});
