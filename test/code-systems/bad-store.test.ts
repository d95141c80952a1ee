import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { cli } from '../support/cli.js';
import { importWithCli } from '../support/code-store.js';
import { sample, scratch } from '../support/code-samples.js';

const chart = path.join(packageRoot, 'fixtures', 'charts', 'rad-knee-xray-left.txt');

describe('a code store that would code nothing is refused', () => {
  it('codes import refuses an empty order file (exit 1, nothing imported)', async () => {
    const store = scratch('cc-empty-store-');
    const empty = path.join(store, 'empty_order.txt');
    writeFileSync(empty, '');
    const r = await importWithCli(store, 'icd10cm', 2026, { order: empty });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CODESET_INVALID');
    expect(r.stderr).toContain('found no codes at all');
    expect(existsSync(path.join(store, 'icd10cm'))).toBe(false);
  });

  it('codes import refuses a PCS order file as icd10cm, and a CM one as icd10pcs', async () => {
    const store = scratch('cc-swapped-store-');
    for (const [system, order] of [
      ['icd10cm', sample.pcsOrder],
      ['icd10pcs', sample.cmOrder],
    ] as const) {
      const r = await importWithCli(store, system, 2026, { order });
      expect(r.code, system).toBe(1);
      expect(r.stderr).toContain(
        `CODESET_INVALID: ${order}: expected ${system === 'icd10cm' ? 'ICD-10-CM' : 'ICD-10-PCS'} codes`,
      );
    }
    expect(readdirSync(store)).toEqual([]);
  });

  it('run refuses a --code-store path that does not exist, and a release with no billable code (exit 1, nothing written)', async () => {
    const dir = scratch('cc-missing-store-');
    const out = path.join(dir, 'out');
    const missing = await cli([
      'run',
      chart,
      '--out',
      out,
      '--quiet',
      '--code-store',
      path.join(dir, 'code-sets-typo'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `CODESET_NOT_FOUND: ${path.join(dir, 'code-sets-typo')}: expected a code-set store folder`,
    );
    const store = path.join(dir, 'store');
    mkdirSync(path.join(store, 'icd10cm', 'fy2026'), { recursive: true });
    const counts = { entries: 0, billable: 0, headers: 0, terms: 0, searchTerms: 0, notes: 0 };
    const manifest = {
      format: 1,
      system: 'icd10cm',
      version: 'fy2026',
      label: 'x',
      effective: { from: '2025-10-01', to: '2026-09-30' },
      importedAt: '',
      tool: '',
      counts,
      sources: [],
    };
    writeFileSync(path.join(store, 'icd10cm', 'fy2026', 'manifest.json'), JSON.stringify(manifest));
    const empty = await cli(['run', chart, '--out', out, '--quiet', '--code-store', store]);
    expect([empty.code, empty.stderr]).toEqual([1, expect.stringContaining('CODESET_INVALID')]);
    expect(existsSync(out)).toBe(false);
  });
});
