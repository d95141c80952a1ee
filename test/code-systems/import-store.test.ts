import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importRelease, releasePeriod } from '../../src/code-systems/import-release.js';
import { loadBundle } from '../../src/code-systems/load-bundle.js';
import { listBundles } from '../../src/code-systems/store.js';
import { importCmSample, sample, scratch } from '../support/code-samples.js';

describe('codes import: ICD-10-CM samples into a versioned store', () => {
  const store = scratch('cc-store-');
  const result = importCmSample(store);
  const source = (role: string) => result.manifest.sources.find((s) => s.role === role)!;

  it('writes a bundle with a manifest whose counts match the order file', () => {
    expect(result.dir).toBe(path.join(store, 'icd10cm', 'fy2026'));
    expect(readdirSync(result.dir).sort()).toEqual(['entries.json', 'manifest.json', 'notes.json']);
    expect(result.manifest).toMatchObject({
      system: 'icd10cm',
      version: 'fy2026',
      label: 'ICD-10-CM FY2026',
      effective: { from: '2025-10-01', to: '2026-09-30' },
      importedAt: '2026-01-02T03:04:05.000Z',
    });
    expect(result.manifest.counts).toMatchObject({ entries: 68, billable: 41, headers: 27 });
    expect(source('order').sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('counts codes of the older tabular and index that the release no longer has, and emits none of them', () => {
    expect(source('tabular')).toMatchObject({ version: '2021', stale: 2, staleSample: ['T40.7X', 'T40.7X1'] });
    expect(source('index')).toMatchObject({
      version: '2017',
      stale: 1,
      staleSample: ['I16.2'],
      incomplete: 1,
      incompleteSample: ['Q87.1'],
    });
    expect(source('drug')).toMatchObject({ codes: 6, stale: 0, incomplete: 0 });
    expect(source('neoplasm')).toMatchObject({ codes: 12, stale: 0 });
    const cm = loadBundle(result.dir);
    expect(cm.lookup('T40.7X1')).toBeUndefined();
    expect(cm.lookup('I16.2')).toBeUndefined();
    expect([...cm.entries()].some((e) => e.terms.includes('hypertension emergency'))).toBe(false);
  });

  it('gives billable codes lexicon terms from titles, inclusion terms, index paths and see references', () => {
    const cm = loadBundle(result.dir);
    expect(cm.lookup('E11.40')?.terms).toEqual([
      'type 2 diabetes mellitus with diabetic neuropathy, unspecified',
      'diabetes with neuropathy',
      'diabetes type 2 with neuropathy',
      'type 2 diabetes with neuropathy',
    ]);
    expect(cm.lookup('E11.42')?.terms).toContain('type 2 diabetes mellitus with diabetic neuralgia');
    expect(cm.lookup('R10.9')?.terms).toEqual(
      expect.arrayContaining(['pain abdominal', 'abdominal pain', 'abdominalgia']),
    );
    expect(cm.lookup('I10')?.terms).toEqual(['essential (primary) hypertension', 'hypertension']);
  });

  it('sends header codes and the drug, neoplasm and external-cause tables to search only', () => {
    const cm = loadBundle(result.dir);
    expect(cm.lookup('Q87.1')).toMatchObject({ billable: false, terms: [], searchTerms: ["aarskog's syndrome"] });
    expect(cm.lookup('T39.015')?.searchTerms).toEqual(['adverse effect aspirin']);
    expect(cm.lookup('C50.9')?.searchTerms).toEqual(['malignant primary neoplasm breast']);
    expect(cm.lookup('W19')?.searchTerms).toEqual(['fall']);
    expect(cm.lookup('S72.00')?.searchTerms).toEqual(['fracture of hip', 'fracture of neck of femur']);
  });

  it('builds the hierarchy from the order file: parent is the longest prefix that is a code', () => {
    const cm = loadBundle(result.dir);
    expect(cm.lookup('E11.40')?.parent).toBe('E11.4');
    expect(cm.lookup('T07.XXXA')?.parent).toBe('T07');
    expect(cm.children('E11')).toEqual(['E11.4', 'E11.9']);
    expect(cm.lookup('A00')?.parent).toBeUndefined();
  });

  it('refuses to import a version twice unless --replace, and replaces atomically', () => {
    expect(() => importCmSample(store)).toThrow(/CODESET_STORE_ERROR: .*already imported; pass --replace/);
    const again = importCmSample(store, 2026, { replace: true, now: new Date('2026-02-01T00:00:00Z') });
    expect(again.manifest.importedAt).toBe('2026-02-01T00:00:00.000Z');
    expect(readdirSync(path.join(store, 'icd10cm'))).toEqual(['fy2026']);
  });

  it('leaves nothing behind when a source file is bad (no half import)', () => {
    const bad = path.join(scratch('cc-bad-'), 'truncated_index.xml');
    const text = readFileSync(sample.index, 'utf8');
    writeFileSync(bad, text.slice(0, text.length / 2));
    const empty = scratch('cc-store-');
    expect(() =>
      importRelease({ system: 'icd10cm', year: 2025, store: empty, files: { order: sample.cmOrder, index: bad } }),
    ).toThrow(/CODESET_PARSE_ERROR: .*truncated_index\.xml:\d+/);
    expect(existsSync(path.join(empty, 'icd10cm'))).toBe(false);
    expect(listBundles(empty)).toEqual([]);
  });
});

describe('codes import: ICD-10-PCS, HCPCS and CPT', () => {
  const store = scratch('cc-store-');

  it('imports the PCS order file with its hierarchy', () => {
    const r = importRelease({ system: 'icd10pcs', year: 2026, store, files: { order: sample.pcsOrder } });
    expect(r.manifest.counts).toMatchObject({ entries: 12, billable: 7, terms: 0 });
    expect(loadBundle(r.dir).lookup('0DTJ4ZZ')).toMatchObject({ parent: '0DT', billable: true });
  });

  it('imports HCPCS for a calendar year: modifiers and codes ended before the year left out', () => {
    const r = importRelease({ system: 'hcpcs', year: 2026, store, files: { file: sample.hcpcs } });
    expect(r.manifest).toMatchObject({ version: 'cy2026', effective: { from: '2026-01-01', to: '2026-12-31' } });
    expect(r.manifest.sources[0]).toMatchObject({
      codes: 5,
      skipped: { modifiers: 2, terminatedBeforePeriod: 1, levelOneCodes: 0 },
    });
    expect(loadBundle(r.dir).lookup('A0427')?.title).toBe(
      'Ambulance service, advanced life support, emergency transport, level 1 (als 1 - emergency)',
    );
  });

  it('imports a licensed CPT file into the local store only', () => {
    const r = importRelease({ system: 'cpt', year: 2026, store, files: { file: sample.cptTsv } });
    expect(r.manifest.counts.entries).toBe(3);
    expect(loadBundle(r.dir).lookup('44970')?.title).toBe('Laparoscopic removal of the appendix (sample wording)');
  });

  it('checks the options: files that belong to another system, a missing main file, a bad year or update date', () => {
    expect(() =>
      importRelease({
        system: 'icd10pcs',
        year: 2026,
        store,
        files: { order: sample.pcsOrder, tabular: sample.tabular },
      }),
    ).toThrow(/USAGE: --tabular does not apply to icd10pcs/);
    expect(() => importRelease({ system: 'hcpcs', year: 2026, store, files: {} })).toThrow(
      /USAGE: expected --file for hcpcs/,
    );
    expect(() => releasePeriod('icd10cm', 26)).toThrow(/four-digit year/);
    expect(() => releasePeriod('icd10cm', 2026, '2026-12-01')).toThrow(/within 2025-10-01\.\.2026-09-30/);
    expect(releasePeriod('icd10cm', 2026, '2026-04-01')).toEqual({
      version: 'fy2026-04',
      effective: { from: '2026-04-01', to: '2026-09-30' },
    });
  });
});
