import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCodeSets } from '../../src/code-systems/registry.js';
import { ChartcoderError } from '../../src/contract/errors.js';
import { loadMedications } from '../../src/extract-mentions/medications.js';
import { tokenize } from '../../src/text/tokenize.js';
import { pipelinesDir } from '../../src/contract/paths.js';
import { codeText, stagesFor } from '../support/pipeline.js';

const codeSets = loadCodeSets(['icd10cm']);
const medications = loadMedications(path.join(pipelinesDir, 'rules', 'medications.json'), codeSets);
const drugs = (text: string, section = 'medications') =>
  medications
    .find(text, tokenize(text), section)
    .map((d) => [text.slice(tokenize(text)[d.from]!.start, tokenize(text)[d.to - 1]!.end), d.hits[0]!.code]);

const outpatient = await stagesFor(loadCodeSets(['icd10cm', 'cpt', 'hcpcs']), 'score-confidence', 'outpatient');
const codes = async (text: string) => (await codeText(text, { encounterType: 'outpatient', stages: outpatient })).codes;

describe('long-term drug therapy from medication lists', () => {
  it('reads each drug of a class as its Z79 code, and skips entries that are not long-term', () => {
    const list =
      'Metformin 1000 mg b.i.d., aspirin 81 mg daily, fluticasone nasal spray daily, insulin glargine 10 units x 5 days; Eliquis 5 mg bid; ethinyl estradiol-norgestimate daily; ibuprofen PRN.';
    expect(drugs(list)).toEqual([
      ['Metformin', 'Z79.84'],
      ['aspirin', 'Z79.82'],
      ['Eliquis', 'Z79.01'],
      ['ethinyl estradiol', 'Z79.3'],
      ['norgestimate', 'Z79.3'],
    ]);
  });

  it('outside medication lists, reads a drug only when a word marks it as taken: elsewhere it may be given once', () => {
    expect(drugs('Given aspirin 325 mg and heparin in the ED.', 'hospital_course')).toEqual([]);
    expect(
      drugs('Continue metformin at renal dose; glipizide resumed at discharge; discharged on apixaban.', 'plan'),
    ).toEqual([
      ['metformin', 'Z79.84'],
      ['glipizide', 'Z79.84'],
      ['apixaban', 'Z79.01'],
    ]);
  });

  it('codes the medication list of a chart, one code per class with each drug as evidence', async () => {
    const c = await codes(
      'ASSESSMENT: Type 2 diabetes mellitus.\nMEDICATIONS: Metformin 500 mg daily, glipizide 5 mg daily, aspirin 81 mg nightly.',
    );
    const z84 = c.find((x) => x.code === 'Z79.84')!;
    expect(z84.evidence.map((e) => e.text)).toEqual(['Metformin', 'glipizide']);
    expect(c.map((x) => x.code).sort()).toEqual(['E11.9', 'Z79.82', 'Z79.84']);
  });

  it('does not report insulin use with type 1 diabetes, which implies it', async () => {
    const c = await codes('ASSESSMENT: Type 1 diabetes mellitus.\nMEDICATIONS: Insulin glargine 20 units nightly.');
    expect(c.map((x) => x.code)).toEqual(['E10.9']);
  });

  it('leaves out a class whose code the code set in force lacks, and refuses a pattern that is not a regular expression', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-meds-'));
    const file = path.join(dir, 'meds.json');
    writeFileSync(
      file,
      JSON.stringify({ sections: ['medications'], classes: [{ code: 'Z79.999', drugs: ['metformin'] }] }),
    );
    expect(loadMedications(file, codeSets).find('metformin', tokenize('metformin'), 'medications')).toEqual([]);
    writeFileSync(file, JSON.stringify({ sections: ['medications'], unless: ['(unclosed'], classes: [] }));
    expect(() => loadMedications(file, codeSets)).toThrow(ChartcoderError);
  });
});
