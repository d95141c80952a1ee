import { describe, expect, it } from 'vitest';
import { loadCodeSets } from '../../src/code-systems/registry.js';
import { newRecord } from '../../src/pipeline/process-chart.js';
import { candidatesFor } from '../../src/rank-codes/candidates.js';
import { chartVector } from '../../src/rank-codes/rank-model.js';
import { termCounts } from '../../src/rank-codes/text-features.js';
import { TEXT_MODEL_DEFAULTS } from '../../src/rank-codes/text-model.js';
import { chartWords } from '../../src/rank-codes/term-cover.js';
import { shippedWordForms } from '../../src/text/word-forms.js';
import { fitParts } from '../../src/train/fit-parts.js';
import type { TrainingChart } from '../../src/train/training-charts.js';

const codeSets = loadCodeSets(['icd10cm', 'icd10pcs']);
const systems = new Set(codeSets.systems);

function chart(id: string, text: string, gold: string[]): TrainingChart {
  const record = newRecord({ id, path: `${id}.txt` }, 'inpatient');
  record.text = text;
  return { id, record, gold: new Set(gold), counts: termCounts(text), sha256: id };
}

// R51 (headache) is how CodiEsp's 2018 edition codes it; FY2026 splits it and bills only R51.0 and R51.9
const training = [
  chart('a', 'Severe headache and lobar pneumonia of the right lung.', ['icd10cm:R51', 'icd10cm:J18.1']),
  chart('b', 'Headache for two days, then a lobar pneumonia.', ['icd10cm:R51', 'icd10cm:J18.1']),
  chart('c', 'Fever with headache.', ['icd10cm:R51']),
];

function candidates(corpusCodes: boolean, text: string) {
  const parts = fitParts(training, {
    minDf: 1,
    maxTerms: 1000,
    text: TEXT_MODEL_DEFAULTS,
    candidates: {
      neighbours: 3,
      textTop: 10,
      truncatedProcedures: false,
      corpusCodes,
      addThreshold: 1.01,
      maxAdded: 0,
    },
  });
  const record = chart('new', text, []).record;
  return candidatesFor(
    record,
    chartVector(record, parts.model.vocab),
    parts.model,
    codeSets,
    systems,
    chartWords(text, shippedWordForms()),
  );
}

describe('candidatesFor', () => {
  it("proposes a training label the code set does not bill only when the model keeps the corpus's own codes", () => {
    const text = 'Headache since yesterday and a lobar pneumonia.';
    expect(candidates(false, text).map((c) => c.key)).not.toContain('icd10cm:R51');
    const kept = candidates(true, text);
    expect(kept.map((c) => c.key)).toContain('icd10cm:R51');
    expect(kept.map((c) => c.key)).toContain('icd10cm:J18.1');
  });

  it("adds a code of a candidate's category that no training chart carries when one sentence says its words", () => {
    const found = candidates(false, 'Lobar pneumonia. Later an aspiration pneumonia of food and vomit.');
    const aspiration = found.find((c) => c.code === 'J69.0');
    // J69.0 is not in the training labels and its category J69 is not a candidate's: not proposed
    expect(aspiration).toBeUndefined();
    const sibling = found.filter((c) => c.wording).map((c) => c.code);
    expect(sibling.every((code) => code.startsWith('J18'))).toBe(true);
    const unspecified = candidates(false, 'Lobar pneumonia, then pneumonia of an unspecified organism.').find(
      (c) => c.code === 'J18.9',
    );
    expect(unspecified?.wording).toBe(true);
    expect(unspecified?.cover.whole).toBe(1);
  });
});
