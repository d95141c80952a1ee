import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSectionGroups, SHIPPED_SECTION_GROUPS, shippedSectionGroups } from '../../src/contract/section-groups.js';
import { ChartcoderError } from '../../src/contract/errors.js';
import { packageRoot } from '../../src/contract/paths.js';

const shipped = JSON.parse(readFileSync(SHIPPED_SECTION_GROUPS, 'utf8'));
const sections = JSON.parse(readFileSync(path.join(packageRoot, 'pipelines', 'rules', 'sections.json'), 'utf8'));

/** `groups` written to a scratch file, then loaded: the error it raises, or undefined. */
function loadError(groups: unknown): ChartcoderError | undefined {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cc-groups-')), 'groups.json');
  writeFileSync(file, JSON.stringify(groups));
  try {
    loadSectionGroups(file);
    return undefined;
  } catch (e) {
    return e as ChartcoderError;
  }
}

describe('section groups (pipelines/rules/section-groups.json)', () => {
  it('reads the shipped groups', () => {
    const g = shippedSectionGroups();
    expect([...g.conclusion]).toEqual([
      'assessment',
      'assessment_and_plan',
      'diagnoses',
      'impression',
      'procedures',
      'findings',
    ]);
    expect(g.narrative.has('hpi') && g.narrative.has('other')).toBe(true);
    expect([...g.diagnosisLists]).toEqual(['diagnoses', 'impression']);
    expect([...g.past]).toEqual(['past_surgical_history', 'past_medical_history']);
  });

  it('names only categories the shipped section rules produce (or the fallback "other")', () => {
    const known = new Set<string>([...sections.categories.map((c: { category: string }) => c.category), 'other']);
    const named = Object.entries(shipped).flatMap(([k, v]) => (k === '$comment' ? [] : (v as string[])));
    expect(named.filter((c) => !known.has(c))).toEqual([]);
  });

  it('refuses a category in both conclusion and narrative, naming the file and the key', () => {
    const e = loadError({ ...shipped, narrative: [...shipped.narrative, 'assessment'] });
    expect(e?.code).toBe('CONFIG_BAD_VALUE');
    expect(e?.message).toMatch(/groups\.json: narrative/);
  });

  it('refuses an unknown group, an empty group and a category that is not one', () => {
    expect(loadError({ ...shipped, plans: ['plan'] })?.code).toBe('CONFIG_BAD_VALUE');
    expect(loadError({ ...shipped, past: [] })?.code).toBe('CONFIG_BAD_VALUE');
    expect(loadError({ ...shipped, past: ['Past History'] })?.code).toBe('CONFIG_BAD_VALUE');
  });
});
