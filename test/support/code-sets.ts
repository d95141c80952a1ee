/** A small code set built in the test, so stage tests do not depend on the starter set's contents. */
import { inMemoryCodeSystem } from '../../src/code-systems/code-system.js';
import type { CodeEntry } from '../../src/contract/code-sets.js';
import { registryOf } from '../../src/code-systems/registry.js';
import type { CodeSetRegistry } from '../../src/contract/code-sets.js';

/** A billable code entry with nothing but what `extra` gives it: the building block of the test code sets. */
export const codeEntry = (code: string, title: string, extra: Partial<CodeEntry> = {}): CodeEntry => ({
  code,
  title,
  billable: true,
  terms: [],
  abbreviations: [],
  specific: [],
  ...extra,
});

const e = (
  code: string,
  title: string,
  terms: string[] = [],
  abbreviations: string[] = [],
  extra: Partial<CodeEntry> = {},
) => codeEntry(code, title, { terms, abbreviations, ...extra });

/** The effective period of the test code sets: FY2026. */
export const TEST_PERIOD = { from: '2025-10-01', to: '2026-09-30' };
const period = TEST_PERIOD;

export function tinyCodeSets(): CodeSetRegistry {
  return registryOf([
    inMemoryCodeSystem('icd10cm', 'test', period, [
      e('I10', 'Essential (primary) hypertension', ['hypertension', 'high blood pressure'], ['HTN']),
      e('E11.9', 'Type 2 diabetes mellitus without complications', ['type 2 diabetes', 'diabetes'], ['DM2', 'T2DM']),
      e('E11.40', 'Type 2 diabetes mellitus with diabetic neuropathy, unspecified', [
        'type 2 diabetes with neuropathy',
        'diabetic neuropathy',
      ]),
      e('R50.9', 'Fever, unspecified', ['fever']),
      e('R05.9', 'Cough, unspecified', ['cough']),
      e('R68.83', 'Chills (without fever)', ['chills']),
      e('R07.9', 'Chest pain, unspecified', ['chest pain'], ['CP']),
      e('I21.9', 'Acute myocardial infarction, unspecified', ['myocardial infarction'], ['MI']),
      e('J18.9', 'Pneumonia, unspecified organism', ['pneumonia']),
      e('C50.919', 'Malignant neoplasm of unspecified site of unspecified female breast', ['breast cancer']),
      e('Z85.3', 'Personal history of malignant neoplasm of breast'),
      e('Z80.3', 'Family history of malignant neoplasm of breast'),
      e('Z83.3', 'Family history of diabetes mellitus'),
      e('Z82.49', 'Family history of ischemic heart disease and other diseases of the circulatory system'),
      e(
        'Z86.73',
        'Personal history of transient ischemic attack (TIA), and cerebral infarction without residual deficits',
      ),
      e('I25.2', 'Old myocardial infarction'),
      e('H66.90', 'Otitis media, unspecified, unspecified ear', ['otitis media'], [], {
        specific: [
          { when: { laterality: 'right' }, code: 'H66.91' },
          { when: { laterality: 'left' }, code: 'H66.92' },
          { when: { laterality: 'bilateral' }, code: 'H66.93' },
        ],
        missing: 'laterality',
      }),
      e('H66.91', 'Otitis media, unspecified, right ear'),
      e('H66.92', 'Otitis media, unspecified, left ear'),
      e('H66.93', 'Otitis media, unspecified, bilateral'),
    ]),
    inMemoryCodeSystem('cpt', 'test', period, [
      e('44970', 'Laparoscopic appendix removal (test wording)', ['laparoscopic appendectomy']),
    ]),
    inMemoryCodeSystem('icd10pcs', 'test', period, [
      e('0DTJ4ZZ', 'Resection of Appendix, Percutaneous Endoscopic Approach', ['laparoscopic appendectomy']),
    ]),
  ]);
}
