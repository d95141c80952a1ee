import { describe, expect, it } from 'vitest';
import { restrictExamples, restrictWeights } from '../../src/train/calibration-features.js';
import { FEATURES } from '../../src/scoring/features.js';
import { predict } from '../../src/scoring/scorer.js';

const at = (name: (typeof FEATURES)[number]) => FEATURES.indexOf(name);
const x = (rank: number, inConclusion: number) =>
  FEATURES.map((f) => (f === 'bias' ? 1 : f === 'rankLogit' ? rank : f === 'inConclusion' ? inConclusion : 0));

describe('calibration feature sets', () => {
  it('rank: only the bias and the fused score reach the fit, so confidence follows the fused score', () => {
    const [a] = restrictExamples(
      [
        { chartId: 'c', x: x(2, 1), correct: true, blocked: false },
        { chartId: 'c', x: x(-1, 1), correct: false, blocked: false },
      ],
      'rank',
    );
    expect(a!.x[at('inConclusion')]).toBe(0);
    expect(a!.x[at('rankLogit')]).toBe(2);
    const weights = restrictWeights(
      FEATURES.map(() => 1),
      'rank',
    );
    expect(weights.filter((w) => w !== 0)).toHaveLength(2);
    // a row with more rule evidence but a lower fused score still ranks lower
    expect(predict({ weights }, x(-1, 1))).toBeLessThan(predict({ weights }, x(2, 0)));
  });

  it('all: the examples and weights are unchanged', () => {
    const e = [{ chartId: 'c', x: x(1, 1), correct: true, blocked: false }];
    expect(restrictExamples(e, 'all')).toBe(e);
    expect(restrictWeights([0.5, -2], 'all')).toEqual([0.5, -2]);
  });
});
