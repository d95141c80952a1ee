import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGuidelineRules } from '../../src/apply-guidelines/guideline-rules.js';
import { loadStarterCodeSystem, starterSystems } from '../../src/code-systems/starter.js';
import { pipelinesDir } from '../../src/contract/paths.js';
import { cmOrderFile, haveOfficialFiles, pcsOrderFile, readOrderFile } from '../support/official-files.js';

describe('embedded starter code set', () => {
  const systems = Object.fromEntries(starterSystems.map((s) => [s, loadStarterCodeSystem(s)]));

  it('loads every system with entries, terms and a version', () => {
    for (const s of starterSystems) {
      const cs = systems[s]!;
      expect(cs.size, s).toBeGreaterThan(40);
      expect(
        [...cs.entries()].some((e) => e.terms.length > 0),
        s,
      ).toBe(true);
      expect(cs.version).toMatch(/starter/);
    }
    expect(systems.icd10cm!.size).toBeGreaterThanOrEqual(1000);
    expect(systems.icd10cm!.lookup('e119')?.title).toBe('Type 2 diabetes mellitus without complications');
  });

  it('holds every Z code the guideline rules can emit', () => {
    const rules = loadGuidelineRules(path.join(pipelinesDir, 'rules', 'guidelines.json'));
    const missing = [...rules.personalHistory, ...rules.familyHistory]
      .map((m) => m.code)
      .filter((c) => !systems.icd10cm!.lookup(c));
    expect(missing).toEqual([]);
  });

  it.skipIf(!haveOfficialFiles)(
    'ICD-10-CM and PCS: every code exists, is billable in FY2026 and has its official title',
    () => {
      for (const [system, file] of [
        ['icd10cm', cmOrderFile],
        ['icd10pcs', pcsOrderFile],
      ] as const) {
        const official = readOrderFile(file);
        const wrong = [...systems[system]!.entries()].flatMap((e) => {
          const o = official.get(e.code.replace('.', ''));
          return o?.billable && o.title === e.title
            ? []
            : [`${e.code}: ${o ? (o.billable ? 'title differs' : 'not billable') : 'not in FY2026'}`];
        });
        expect(wrong, system).toEqual([]);
      }
    },
  );
});
