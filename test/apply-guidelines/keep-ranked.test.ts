import { describe, expect, it } from 'vitest';
import type { ChartRecord } from '../../src/contract/chart-record.js';
import type { ChartStage, StageContext } from '../../src/contract/stage.js';
import { applyGuidelinesStage } from '../../src/apply-guidelines/apply-guidelines-stage.js';
import { GUIDELINE_DEMOTED } from '../../src/apply-guidelines/keep-ranked.js';
import { codeText, stagesFor } from '../support/pipeline.js';
import { tinyCodeSets } from '../support/code-sets.js';

const codeSets = tinyCodeSets();
const ctx: StageContext = { codeSets, pipeline: { name: 'test', encounterType: 'outpatient', configPath: '' } };
const upToMapping = await stagesFor(codeSets, 'map-codes', 'outpatient');

/** The chart coded up to map-codes, each code given a fused score as rank-codes would, then the guidelines with `options`. */
async function guidelines(
  text: string,
  scores: Record<string, number>,
  options: Record<string, unknown>,
): Promise<ChartRecord> {
  const record = await codeText(text, { stages: upToMapping });
  for (const c of record.codes) {
    const s = scores[c.code];
    if (s !== undefined) c.features.rankScore = s;
  }
  const stage = applyGuidelinesStage as unknown as ChartStage;
  const fn = await stage.setup(stage.options.parse({ hccData: null, ...options }), ctx);
  return fn(record) as ChartRecord;
}

const TEXT = 'ASSESSMENT: Hypertension. No chest pain.\nPAST MEDICAL HISTORY: History of breast cancer.';

describe('apply-guidelines keepRanked', () => {
  it('without it, negated and past codes are dropped or replaced whatever the model scored', async () => {
    const r = await guidelines(TEXT, { I10: 0.9, 'R07.9': 0.8, C50: 0.7 }, {});
    expect(r.codes.map((c) => c.code).sort()).toEqual(['I10', 'Z85.3']);
    expect(r.codes.some((c) => c.flags.includes(GUIDELINE_DEMOTED))).toBe(false);
  });

  it('keeps what the model scores at or above the threshold, flagged for review; below it the guidelines decide', async () => {
    const before = await codeText(TEXT, { stages: upToMapping });
    const breast = before.codes.find((c) => c.code.startsWith('C50'))!.code;
    const r = await guidelines(TEXT, { I10: 0.9, 'R07.9': 0.5, [breast]: 0.2 }, { keepRanked: 0.3 });
    expect(r.codes.map((c) => [c.code, c.flags.includes(GUIDELINE_DEMOTED)])).toEqual([
      ['I10', false],
      ['Z85.3', false],
      ['R07.9', true],
    ]);
    expect(r.codes.find((c) => c.code === 'R07.9')!.evidence[0]!.assertion).toBe('negated');
  });
});
