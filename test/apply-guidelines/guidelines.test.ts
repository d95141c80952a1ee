import { describe, expect, it } from 'vitest';
import { codeText, stagesFor } from '../support/pipeline.js';

const outpatient = await stagesFor(undefined, 'score-confidence', 'outpatient');
const inpatient = await stagesFor(undefined, 'score-confidence', 'inpatient');
const codes = async (text: string, encounterType: 'outpatient' | 'inpatient' = 'outpatient') => {
  const r = await codeText(text, { encounterType, stages: encounterType === 'outpatient' ? outpatient : inpatient });
  return r.codes;
};
const list = async (text: string, enc?: 'outpatient' | 'inpatient') =>
  (await codes(text, enc)).map((c) => c.code).sort();

describe('map-codes and apply-guidelines', () => {
  it('drops negated diagnoses and keeps the rest', async () => {
    expect(await list('ASSESSMENT: Hypertension. No chest pain. Denies fever.')).toEqual(['I10']);
  });

  it('does not code an uncertain diagnosis outpatient, but codes the symptom', async () => {
    expect(await list('ASSESSMENT: Chest pain, rule out myocardial infarction.')).toEqual(['R07.9']);
  });

  it('codes an uncertain diagnosis inpatient, flagged uncertain_dx for review', async () => {
    const c = await codes('DISCHARGE DIAGNOSES: Probable pneumonia.', 'inpatient');
    expect(c.map((x) => [x.code, x.status, x.flags.includes('uncertain_dx')])).toEqual([['J18.9', 'review', true]]);
  });

  it('turns family history into the family-history Z code', async () => {
    expect(await list('FAMILY HISTORY: Mother with diabetes. Father with hypertension.')).toEqual(['Z82.49', 'Z83.3']);
  });

  it('turns a resolved condition into the personal-history Z code', async () => {
    expect(await list('PAST MEDICAL HISTORY: History of breast cancer, s/p MI.')).toEqual(['I25.2', 'Z85.3']);
  });

  it('codes a condition that resolved during the stay inpatient, but not at an office visit', async () => {
    expect(await list('DISCHARGE DIAGNOSES: 1. Pneumonia, resolved.', 'inpatient')).toEqual(['J18.9']);
    expect(await list('ASSESSMENT: 1. Pneumonia, resolved.', 'outpatient')).not.toContain('J18.9');
  });

  it('chooses the laterality-specific code and flags the unspecified one for a provider query', async () => {
    const right = await codes('ASSESSMENT: Right otitis media.');
    expect(right.map((c) => c.code)).toEqual(['H66.91']);
    const unspecified = await codes('ASSESSMENT: Otitis media.');
    expect(unspecified.map((c) => [c.code, c.status, c.flags])).toEqual([
      ['H66.90', 'review', ['query_provider:laterality', 'low_confidence']],
    ]);
  });

  it('folds an unspecified mention into the specific one documented elsewhere', async () => {
    const c = await codes('HPI: ear pain from otitis media.\nASSESSMENT: Left otitis media.');
    expect(c.map((x) => [x.code, x.evidence.length, x.flags.some((f) => f.startsWith('query'))])).toEqual([
      ['H66.92', 2, false],
    ]);
  });

  it('prefers the combination code and merges duplicates with all their evidence', async () => {
    const c = await codes(
      'HPI: long-standing diabetes.\nASSESSMENT: 1. Type 2 diabetes with neuropathy. 2. HTN 3. Hypertension',
    );
    expect(c.map((x) => [x.code, x.evidence.map((e) => e.text)])).toEqual([
      ['E11.40', ['diabetes', 'Type 2 diabetes with neuropathy']],
      ['I10', ['HTN', 'Hypertension']],
    ]);
  });

  it('codes procedures in CPT outpatient and ICD-10-PCS inpatient', async () => {
    expect(await list('PROCEDURE PERFORMED: Laparoscopic appendectomy.')).toEqual(['44970']);
    expect(await list('PROCEDURE PERFORMED: Laparoscopic appendectomy.', 'inpatient')).toEqual(['0DTJ4ZZ']);
  });

  it('marks a clear diagnosis from the assessment auto and a history-only mention for review', async () => {
    const c = await codes('HPI: has hypertension.\nASSESSMENT: Type 2 diabetes.');
    const by = Object.fromEntries(c.map((x) => [x.code, x.status]));
    expect(by).toEqual({ I10: 'review', 'E11.9': 'auto' });
  });
});
