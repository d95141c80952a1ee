import { describe, expect, it } from 'vitest';
import { codeText, stagesFor } from '../support/pipeline.js';

const stages = await stagesFor(undefined, 'classify-assertion');
const assertions = async (text: string) => {
  const r = await codeText(text, { stages });
  return r.mentions.map((m) => [m.text, m.assertion]);
};

describe('classify-assertion', () => {
  it.each([
    ['Patient denies chest pain.', [['chest pain', 'negated']]],
    ['No evidence of pneumonia.', [['pneumonia', 'negated']]],
    ['Negative for fever.', [['fever', 'negated']]],
    ['Chest x-ray is negative for pneumonia.', [['pneumonia', 'negated']]],
    ['Fever: none.', [['Fever', 'negated']]],
    ['Pneumonia was ruled out.', [['Pneumonia', 'negated']]],
    ['Free of chest pain since Monday.', [['chest pain', 'negated']]],
    ['Rule out MI.', [['MI', 'uncertain']]],
    ['r/o pneumonia', [['pneumonia', 'uncertain']]],
    ['Probable pneumonia.', [['pneumonia', 'uncertain']]],
    ['Pneumonia cannot be excluded.', [['Pneumonia', 'uncertain']]],
    ['History of breast cancer.', [['breast cancer', 'historical']]],
    ['s/p MI in 2019.', [['MI', 'historical']]],
    ['Mother with breast cancer.', [['breast cancer', 'family']]],
    ['Return if fever develops.', [['fever', 'hypothetical']]],
    ['Hypertension, well controlled.', [['Hypertension', 'present']]],
  ])('%s', async (text, expected) => {
    expect(await assertions(text)).toEqual(expected);
  });

  it('negates every item of a list under a negated lead', async () => {
    expect(await assertions('Denies: fever, chills, cough.')).toEqual([
      ['fever', 'negated'],
      ['chills', 'negated'],
      ['cough', 'negated'],
    ]);
  });

  it('stops negation at a terminator', async () => {
    expect(await assertions('No fever but has a cough.')).toEqual([
      ['fever', 'negated'],
      ['cough', 'present'],
    ]);
    expect(await assertions('Denies fever; reports chills.')).toEqual([
      ['fever', 'negated'],
      ['chills', 'present'],
    ]);
  });

  it('keeps scope within the sentence', async () => {
    expect(await assertions('No fever. Cough for 3 days.')).toEqual([
      ['fever', 'negated'],
      ['Cough', 'present'],
    ]);
  });

  it('ignores pseudo-triggers', async () => {
    expect(await assertions('No change in hypertension.')).toEqual([['hypertension', 'present']]);
  });

  it('makes everything in a family-history section the family’s, unless negated', async () => {
    expect(await assertions('FAMILY HISTORY:\nDiabetes. No breast cancer.')).toEqual([
      ['Diabetes', 'family'],
      ['breast cancer', 'negated'],
    ]);
  });
});
