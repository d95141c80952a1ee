import { describe, expect, it } from 'vitest';
import { loadCodeSets, pickBundle } from '../../src/code-systems/registry.js';
import { listBundles } from '../../src/code-systems/store.js';
import { importCmSample, scratch } from '../support/code-samples.js';

describe('loadCodeSets: versions by date of service, starter fallback, starter terms merged', () => {
  const store = scratch('cc-store-');
  importCmSample(store, 2025);
  importCmSample(store, 2026);
  importCmSample(store, 2026, { from: '2026-04-01' });

  it('keeps the one-argument call as it was: the embedded starter set, no store read', () => {
    const reg = loadCodeSets(['icd10cm', 'cpt']);
    expect(reg.versions()).toEqual({ icd10cm: 'starter-fy2026', cpt: 'starter-2026' });
  });

  it('picks the release whose effective period holds the date of service, the newest without a date', () => {
    const version = (date?: string) => loadCodeSets(['icd10cm'], { store, dateOfService: date }).get('icd10cm').version;
    expect(version('2025-03-15')).toBe('fy2025+starter-fy2026');
    expect(version('2025-10-01')).toBe('fy2026+starter-fy2026');
    expect(version('2026-03-31')).toBe('fy2026+starter-fy2026');
    expect(version('2026-04-01')).toBe('fy2026-04+starter-fy2026');
    expect(version()).toBe('fy2026-04+starter-fy2026');
    expect(loadCodeSets(['icd10cm'], { store, version: 'fy2025' }).get('icd10cm').effective).toEqual({
      from: '2024-10-01',
      to: '2025-09-30',
    });
  });

  it('falls back to the starter set for a system with nothing imported', () => {
    const reg = loadCodeSets(['icd10cm', 'icd10pcs'], { store });
    expect(reg.get('icd10pcs').version).toBe('starter-fy2026');
    expect(loadCodeSets(['icd10cm'], { store: scratch('cc-empty-') }).get('icd10cm').version).toBe('starter-fy2026');
  });

  it('is an error, not a silent wrong year, when no imported release covers the date', () => {
    expect(() => loadCodeSets(['icd10cm'], { store, dateOfService: '2023-05-01' })).toThrow(
      /CODESET_VERSION_NOT_FOUND: expected a release in force on 2023-05-01 of icd10cm; imported: fy2025 \(2024-10-01\.\.2025-09-30\), fy2026/,
    );
    expect(() => loadCodeSets(['icd10cm'], { store, version: 'fy2019' })).toThrow(
      /CODESET_VERSION_NOT_FOUND: expected version fy2019/,
    );
    expect(() => loadCodeSets(['icd10cm'], { store, dateOfService: '1/2/2026' })).toThrow(
      /USAGE: expected a date of service as YYYY-MM-DD/,
    );
  });

  it('merges starter terms first, then imported terms; the release decides titles and which codes exist', () => {
    const cm = loadCodeSets(['icd10cm'], { store }).get('icd10cm');
    const e119 = cm.lookup('E11.9')!;
    expect(e119.title).toBe('Type 2 diabetes mellitus without complications');
    expect(e119.terms.slice(0, 2)).toEqual(['type 2 diabetes', 'type 2 diabetes mellitus']);
    expect(e119.terms).toContain('diabetes type 2');
    expect(e119.terms).toContain('type 2 diabetes mellitus without complications');
    expect(new Set(e119.terms).size).toBe(e119.terms.length);
    expect(e119.abbreviations).toContain('T2DM');
    expect(cm.lookup('E11.40')!.terms).toContain('type 2 diabetes with neuropathy');
    expect(cm.lookup('N18.6')).toBeUndefined(); // in the starter set, not in the sample release
    expect(cm.size).toBe(68);
  });

  it('chooses between releases starting the same day by import time', () => {
    const bundles = listBundles(store, 'icd10cm');
    expect(bundles.map((b) => b.manifest.version)).toEqual(['fy2025', 'fy2026', 'fy2026-04']);
    expect(pickBundle('icd10cm', bundles, { dateOfService: '2026-05-01' })?.manifest.version).toBe('fy2026-04');
    expect(pickBundle('icd10cm', [], {})).toBeUndefined();
  });
});
