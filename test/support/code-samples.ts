/** Paths of the official-format samples in fixtures/code-sets and a helper that imports them into a scratch store. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importRelease, type ImportRequest } from '../../src/code-systems/import-release.js';
import { packageRoot } from '../../src/contract/paths.js';

const dir = path.join(packageRoot, 'fixtures', 'code-sets');
export const sample = {
  cmOrder: path.join(dir, 'icd10cm_order_sample.txt'),
  tabular: path.join(dir, 'icd10cm_tabular_sample.xml'),
  index: path.join(dir, 'icd10cm_index_sample.xml'),
  drug: path.join(dir, 'icd10cm_drug_sample.xml'),
  neoplasm: path.join(dir, 'icd10cm_neoplasm_sample.xml'),
  eindex: path.join(dir, 'icd10cm_eindex_sample.xml'),
  pcsOrder: path.join(dir, 'icd10pcs_order_sample.txt'),
  hcpcs: path.join(dir, 'hcpcs_anweb_sample.txt'),
  cptTsv: path.join(dir, 'cpt_licensed_sample.tsv'),
  cptCsv: path.join(dir, 'cpt_licensed_sample.csv'),
};

export const scratch = (prefix: string): string => mkdtempSync(path.join(tmpdir(), prefix));

/** Imports the ICD-10-CM samples (order, tabular, index and the three tables) as FY`year`. */
export function importCmSample(store: string, year = 2026, extra: Partial<ImportRequest> = {}) {
  return importRelease({
    system: 'icd10cm',
    year,
    store,
    files: {
      order: sample.cmOrder,
      tabular: sample.tabular,
      index: sample.index,
      drug: sample.drug,
      neoplasm: sample.neoplasm,
      eindex: sample.eindex,
    },
    now: new Date('2026-01-02T03:04:05Z'),
    ...extra,
  });
}
