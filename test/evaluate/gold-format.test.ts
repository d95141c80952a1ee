import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGoldDir } from '../../src/evaluate/gold.js';
import { packageRoot } from '../../src/contract/paths.js';

describe('gold sequencing and pointers (fixtures/README.md)', () => {
  const gold = loadGoldDir(path.join(packageRoot, 'fixtures', 'gold'));

  it("names a first-listed diagnosis that is one of the chart's gold diagnoses", () => {
    for (const g of gold) {
      const dx = g.codes.filter((c) => c.system === 'icd10cm').map((c) => c.code);
      if (dx.length) expect(dx, g.chartId).toContain(g.firstListed);
    }
  });

  it('gives every gold procedure the gold diagnoses that support it', () => {
    for (const g of gold) {
      const dx = new Set(g.codes.filter((c) => c.system === 'icd10cm').map((c) => c.code));
      for (const c of g.codes.filter((x) => x.system !== 'icd10cm')) {
        expect(c.pointers?.length, `${g.chartId} ${c.code}`).toBeGreaterThan(0);
        for (const p of c.pointers!) expect(dx.has(p), `${g.chartId} ${c.code} -> ${p}`).toBe(true);
      }
    }
  });
});
