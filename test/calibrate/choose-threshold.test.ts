import { describe, expect, it } from 'vitest';
import { autoAt, autoFigures, chooseThreshold, type ScoredRow } from '../../src/calibrate/choose-threshold.js';

const row = (confidence: number, correct: boolean, blocked = false): ScoredRow => ({ confidence, correct, blocked });

describe('choosing the auto threshold', () => {
  // precision from the top: 0.9 → 1/1, 0.8 → 2/2, 0.7 → 2/3, 0.6 → 3/4
  const rows = [row(0.9, true), row(0.8, true), row(0.7, false), row(0.6, true), row(0.95, false, true)];

  it('takes the lowest score whose unblocked rows reach the target', () => {
    expect(chooseThreshold([rows], 1)).toBe(0.8);
    expect(chooseThreshold([rows], 0.75)).toBe(0.6);
    expect(chooseThreshold([rows], 0.7)).toBe(0.6);
  });

  it('needs every set to reach it, and gives null when none does', () => {
    const other = [row(0.9, true), row(0.8, false)];
    expect(chooseThreshold([rows, other], 1)).toBe(0.9);
    expect(chooseThreshold([[row(0.9, false)]], 0.5)).toBeNull();
  });

  it('counts auto rows, their precision and the share of all gold codes found as auto', () => {
    expect(autoFigures(rows, autoAt(rows, 0.6), 8)).toEqual({
      autoRows: 4,
      autoPrecision: 0.75,
      goldFoundAsAuto: 3,
      shareOfGold: 0.375,
    });
    expect(autoFigures(rows, autoAt(rows, null), 8)).toEqual({
      autoRows: 0,
      autoPrecision: 0,
      goldFoundAsAuto: 0,
      shareOfGold: 0,
    });
  });
});
