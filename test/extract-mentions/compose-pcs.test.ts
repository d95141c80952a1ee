/**
 * ICD-10-PCS codes composed from the operation, body part and approach a chart names, matched against
 * the release's long titles (pipelines/rules/pcs-compose.json): codes that no lexicon term names.
 */
import { shippedWordForms } from '../../src/text/word-forms.js';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inMemoryCodeSystem, type CodeEntry } from '../../src/code-systems/code-system.js';
import { registryOf } from '../../src/code-systems/registry.js';
import { loadPcsComposer } from '../../src/extract-mentions/compose-pcs.js';
import { findMentions } from '../../src/extract-mentions/extract-mentions-stage.js';
import { buildLexicon } from '../../src/extract-mentions/lexicon.js';
import { pipelinesDir } from '../../src/contract/paths.js';

// Titles as the FY2026 order file spells them; no terms, as an imported PCS release has none.
const e = (code: string, title: string): CodeEntry => ({
  code,
  title,
  billable: true,
  terms: [],
  abbreviations: [],
  specific: [],
});
const pcs = inMemoryCodeSystem('icd10pcs', 'test', { from: '2025-10-01', to: '2026-09-30' }, [
  e('0FB00ZX', 'Excision of Liver, Open Approach, Diagnostic'),
  e('0FB00ZZ', 'Excision of Liver, Open Approach'),
  e('0FB03ZX', 'Excision of Liver, Percutaneous Approach, Diagnostic'),
  e('0FB04ZX', 'Excision of Liver, Percutaneous Endoscopic Approach, Diagnostic'),
  e('0TB03ZX', 'Excision of Right Kidney, Percutaneous Approach, Diagnostic'),
  e('0TB13ZX', 'Excision of Left Kidney, Percutaneous Approach, Diagnostic'),
  e('BW20ZZZ', 'Computerized Tomography (CT Scan) of Abdomen'),
  e('BW200ZZ', 'Computerized Tomography (CT Scan) of Abdomen using High Osmolar Contrast'),
  e('BW25ZZZ', 'Computerized Tomography (CT Scan) of Chest, Abdomen and Pelvis'),
  e('BG44ZZZ', 'Ultrasonography of Thyroid Gland'),
  e('0DTJ4ZZ', 'Resection of Appendix, Percutaneous Endoscopic Approach'),
  e('0DTJ0ZZ', 'Resection of Appendix, Open Approach'),
]);
const codeSets = registryOf([pcs]);
const composer = loadPcsComposer(path.join(pipelinesDir, 'rules', 'pcs-compose.json'), codeSets, shippedWordForms());
const lexicon = buildLexicon(codeSets);

function composed(text: string): { code: string; text: string }[] {
  return findMentions(
    { text, sections: [{ category: 'procedures', title: '', range: { start: 0, end: text.length } }] },
    lexicon,
    undefined,
    undefined,
    undefined,
    composer,
  ).map((m) => ({ code: m.termCodes[0]!.code, text: m.text }));
}

describe('ICD-10-PCS codes composed from operation, body part and approach', () => {
  it.each([
    ['A liver biopsy was performed.', '0FB03ZX', 'liver biopsy'],
    ['Laparoscopic biopsy of the liver.', '0FB04ZX', 'biopsy of the liver'],
    ['Open biopsy of the liver.', '0FB00ZX', 'biopsy of the liver'],
    ['Ultrasound-guided biopsy of the left kidney.', '0TB13ZX', 'biopsy of the left kidney'],
    ['Abdominal CT showed no collection.', 'BW20ZZZ', 'Abdominal CT'],
    ['CT scan of the chest, abdomen and pelvis was normal.', 'BW25ZZZ', 'CT scan of the chest, abdomen and pelvis'],
    ['Thyroid ultrasound showed a nodule.', 'BG44ZZZ', 'Thyroid ultrasound'],
    ['The appendix was resected laparoscopically.', '0DTJ4ZZ', 'appendix was resected'],
  ])('"%s" → %s', (text, code, span) => {
    expect(composed(text)).toEqual([{ code, text: span }]);
  });

  it('composes nothing without a body part the release has for that operation, or without a PCS release', () => {
    expect(composed('A biopsy was taken.')).toEqual([]);
    expect(composed('Biopsy of the kidney.')).toEqual([]); // the titles name a side; the chart does not
    expect(
      loadPcsComposer(path.join(pipelinesDir, 'rules', 'pcs-compose.json'), registryOf([]), shippedWordForms()),
    ).toBeUndefined();
  });
});
