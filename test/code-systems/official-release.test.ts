/**
 * The importers on the official files in ../shared/data (FY2026 order files, FY2021 Tabular List,
 * FY2017 Index, April-2026 tables). Skipped, and said so, when those files are absent.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeDetails } from '../../src/code-systems/code-details.js';
import { importRelease, type ImportResult } from '../../src/code-systems/import-release.js';
import { loadCodeSets } from '../../src/code-systems/registry.js';
import { searchCodes } from '../../src/code-systems/search.js';
import { cmOrderFile, pcsOrderFile, sharedData } from '../support/official-files.js';
import { scratch } from '../support/code-samples.js';

const cm = path.join(sharedData, 'icd10cm');
const files = {
  order: cmOrderFile,
  tabular: path.join(cm, 'legacy', 'icd10cm_tabular_2021.xml.gz'),
  index: path.join(cm, 'legacy', 'icd10cm_index_2017.xml.gz'),
  eindex: path.join(cm, 'fy2026_apr_tables', 'icd10cm-eindex-April-1-2026-XML.xml.gz'),
  drug: path.join(cm, 'fy2026_apr_tables', 'icd10cm-drug-April-1-2026-XML.xml.gz'),
  neoplasm: path.join(cm, 'fy2026_apr_tables', 'icd10cm-neoplasm-April-1-2026-XML.xml.gz'),
};
const present = Object.values(files).every((f) => existsSync(f)) && existsSync(pcsOrderFile);
if (!present) console.log(`official-release.test: SKIPPED — official files not found under ${sharedData}`);

describe.skipIf(!present)('official releases from ../shared/data', () => {
  const store = scratch('cc-official-');
  let cmResult: ImportResult;
  let pcsResult: ImportResult;

  it('imports the full FY2026 ICD-10-CM order file: 98,186 entries, 74,719 billable', () => {
    cmResult = importRelease({ system: 'icd10cm', year: 2026, store, files });
    expect(cmResult.manifest.counts).toMatchObject({ entries: 98186, billable: 74719, headers: 23467 });
    expect(cmResult.manifest.counts.terms).toBeGreaterThan(150000);
  });

  it('counts the FY2021 tabular and FY2017 index codes FY2026 no longer has', () => {
    const src = Object.fromEntries(cmResult.manifest.sources.map((s) => [s.role, s]));
    expect(src.tabular).toMatchObject({ version: '2021', codes: 45017, stale: 7 });
    expect(src.tabular!.staleSample).toContain('T40.7X1');
    expect(src.index).toMatchObject({ version: '2017', stale: 9 });
    expect(src.index!.staleSample).toContain('I16.2');
    expect(src.index!.incomplete).toBeGreaterThan(250);
  });

  it('imports the FY2026 ICD-10-PCS order file', () => {
    pcsResult = importRelease({ system: 'icd10pcs', year: 2026, store, files: { order: pcsOrderFile } });
    expect(pcsResult.manifest.counts).toMatchObject({ entries: 80110, billable: 79193 });
  });

  it('loads both bundles and looks codes up', () => {
    const reg = loadCodeSets(['icd10cm', 'icd10pcs'], { store, dateOfService: '2026-01-15' });
    const dx = reg.get('icd10cm');
    expect(dx.lookup('E11.9')).toMatchObject({
      title: 'Type 2 diabetes mellitus without complications',
      billable: true,
    });
    expect(dx.lookup('I10')?.title).toBe('Essential (primary) hypertension');
    expect(dx.lookup('U07.1')?.title).toBe('COVID-19');
    expect(dx.lookup('J18.9')?.title).toBe('Pneumonia, unspecified organism');
    expect(dx.lookup('E11')?.billable).toBe(false);
    expect(reg.get('icd10pcs').lookup('0DTJ4ZZ')?.title).toBe(
      'Resection of Appendix, Percutaneous Endoscopic Approach',
    );
  });

  it('keeps Excludes1 notes of the FY2021 tabular, and index paths as terms', () => {
    const dx = loadCodeSets(['icd10cm'], { store }).get('icd10cm');
    const j189 = codeDetails(dx, 'J18.9')!;
    expect(j189.notes.find((n) => n.kind === 'excludes1' && n.from === 'J18')?.texts).toContain(
      'abscess of lung with pneumonia (J85.1)',
    );
    expect(codeDetails(dx, 'E11.9')!.notes.find((n) => n.kind === 'excludes1')?.texts).toContain(
      'type 1 diabetes mellitus (E10.-)',
    );
    expect(dx.lookup('E11.40')?.terms).toEqual(
      expect.arrayContaining(['diabetes type 2 with neuropathy', 'type 2 diabetes with neuropathy']),
    );
    expect(searchCodes(dx, 'type 2 diabetes with neuropathy').hits[0]?.code).toBe('E11.40');
  });
});
