import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guessSystems } from '../../src/cli/codes-command.js';
import { cli } from '../support/cli.js';
import { importWithCli } from '../support/code-store.js';
import { sample, scratch } from '../support/code-samples.js';

describe('chartcoder codes', () => {
  const store = scratch('cc-cli-store-');

  it('import compiles a release into the store and reports stale codes', async () => {
    const r = await importWithCli(store, 'icd10cm', 2026, {
      order: sample.cmOrder,
      tabular: sample.tabular,
      index: sample.index,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^imported icd10cm fy2026 \(2025-10-01\.\.2026-09-30\): 68 entries, 41 billable, 27 headers in \d+\.\ds\n/,
    );
    expect(r.stdout).toContain(
      'tabular  icd10cm_tabular_sample.xml (version 2021): 23 codes; 2 no longer exist, skipped (T40.7X, T40.7X1)',
    );
    expect(r.stdout).toContain(
      'index    icd10cm_index_sample.xml (version 2017): 12 codes; 1 no longer exist, skipped (I16.2); 1 now need more characters, search only (Q87.1)',
    );
    expect(r.stdout).toContain(`written to ${store}/icd10cm/fy2026`);
    // --year, the other name of --fy, as written out
    const pcs = await cli([
      'codes',
      'import',
      '--store',
      store,
      '--system',
      'icd10pcs',
      '--year',
      '2026',
      '--order',
      sample.pcsOrder,
    ]);
    expect(pcs.code).toBe(0);
  });

  it('list shows systems, versions, periods and counts', async () => {
    const r = await cli(['codes', 'list', '--store', store]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\* icd10cm {3}fy2026 {5}2025-10-01\.\.2026-09-30 +68 +41 /m);
    expect(r.stdout).toMatch(/^\* icd10pcs {2}fy2026 /m);
    expect(r.stdout).toMatch(/embedded starter set: icd10cm starter-fy2026 \(\d[\d,]*\)/);
  });

  it('show prints title, billable, hierarchy and notes; guesses the system from the code', async () => {
    const r = await cli(['codes', 'show', 'E11.9', '--store', store]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('E11.9  Type 2 diabetes mellitus without complications');
    expect(lines).toContain('  billable   yes');
    expect(lines).toContain('  parent     E11  Type 2 diabetes mellitus');
    expect(lines).toContain('  Excludes1 (from E11):');
    expect(lines).toContain('    - type 1 diabetes mellitus (E10.-)');
    const pcs = await cli(['codes', 'show', '0DTJ4ZZ', '--store', store]);
    expect(pcs.stdout.split('\n')[0]).toBe('0DTJ4ZZ  Resection of Appendix, Percutaneous Endoscopic Approach');
    expect(pcs.stdout).toContain('  parent     0DT  Gastrointestinal System, Resection');
  });

  it('search prints the top codes with scores', async () => {
    const r = await cli(['codes', 'search', 'type 2 diabetes with neuropathy', '--store', store, '-n', '3']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^icd10cm fy2026\+starter-fy2026: top 3 of \d+ matching codes$/);
    expect(lines[1]).toMatch(
      /^1\.00 {2}E11\.40 {3}Type 2 diabetes mellitus with diabetic neuropathy, unspecified {2}\[/,
    );
    expect(lines).toHaveLength(4);
  });

  it('exits 1 with a coded message for an unknown code, a bad option or a bad file, and leaves the store as it was', async () => {
    const unknown = await cli(['codes', 'show', 'Z99.999', '--store', store]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /^chartcoder: CODESET_NOT_FOUND: expected a code of icd10cm; Z99\.999 is not in the code set in force/,
    );
    const usage = await importWithCli(store, 'icd10pcs', 2026, { order: sample.pcsOrder, index: sample.index });
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('--index does not apply to icd10pcs');
    const bad = await importWithCli(store, 'icd10cm', 2025, { order: sample.tabular });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/CODESET_PARSE_ERROR: .*icd10cm_tabular_sample\.xml:1: expected an order-file line/);
    expect(readdirSync(`${store}/icd10cm`)).toEqual(['fy2026']);
  });

  it('guesses code systems from the shape of a code', () => {
    expect(guessSystems('E11.9')).toEqual(['icd10cm']);
    expect(guessSystems('0DTJ4ZZ')).toEqual(['icd10pcs']);
    expect(guessSystems('J1100')).toEqual(['hcpcs', 'icd10cm']);
    expect(guessSystems('99213')).toEqual(['cpt']);
    expect(guessSystems('S72001A')).toEqual(['icd10cm', 'icd10pcs']);
  });
});
