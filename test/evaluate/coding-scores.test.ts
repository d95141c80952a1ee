import { describe, expect, it } from 'vitest';
import type { HccMap } from '../../src/apply-guidelines/hcc-map.js';
import {
  chartHccs,
  firstListedCounts,
  hccCounts,
  pointerCounts,
  trapCounts,
} from '../../src/evaluate/coding-scores.js';
import { nearMissKind } from '../../src/evaluate/error-tables.js';
import type { GoldChart } from '../../src/evaluate/gold.js';
import type { Prediction } from '../../src/evaluate/predictions.js';

const text = 'Assessment: acute appendicitis. No chest pain. Appendectomy performed.';
const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });
const pred = (code: string, over: Partial<Prediction> = {}): Prediction => ({
  chartId: 'c1',
  system: code.length === 5 && /^\d/.test(code) ? 'cpt' : 'icd10cm',
  code,
  confidence: 0.5,
  status: 'review',
  section: 'assessment',
  assertion: 'present',
  ranges: [at('acute appendicitis')],
  title: '',
  flags: [],
  pointers: [],
  ...over,
});
const gold: GoldChart = {
  chartId: 'c1',
  file: 'c1.txt',
  documentType: 'operative_note',
  encounterType: 'outpatient',
  firstListed: 'K35.80',
  codes: [
    { system: 'icd10cm', code: 'K35.80', assertion: 'present', evidence: [] },
    { system: 'icd10cm', code: 'E11.22', assertion: 'present', evidence: [] },
    { system: 'cpt', code: '44970', assertion: 'present', evidence: [], pointers: ['K35.80'] },
  ],
  notCoded: [
    { text: 'No chest pain', reason: 'negated' },
    { text: 'not in this chart', reason: 'hypothetical' },
    { text: 'absent phrase', reason: 'family', codes: ['Z80.0'] },
  ],
};

describe('coding scores', () => {
  it('first-listed diagnosis and the first pointer', () => {
    expect(firstListedCounts(gold, [pred('K35.80', { sequence: 1 })])).toEqual({ 'first.charts': 1, 'first.right': 1 });
    expect(firstListedCounts(gold, [pred('K35.80', { sequence: 2 }), pred('R10.9', { sequence: 1 })])).toEqual({
      'first.charts': 1,
      'first.right': 0,
    });
    expect(firstListedCounts({ ...gold, firstListed: undefined }, [])).toEqual({});
    expect(pointerCounts(gold, [pred('44970', { pointers: ['K35.80', 'R10.9'] })])).toEqual({
      'ptr.n': 1,
      'ptr.right': 1,
    });
    expect(pointerCounts(gold, [pred('44970', { pointers: ['R10.9', 'K35.80'] })])).toEqual({
      'ptr.n': 1,
      'ptr.right': 0,
    });
    expect(pointerCounts(gold, [])).toEqual({});
  });

  it('traps: broken by a non-gold suggestion on the phrase or by a named code, auto counted apart', () => {
    const ok = trapCounts(gold, [pred('K35.80')], text);
    expect(ok.counts).toMatchObject({ 'trap.n': 2, 'trap.hit': 0, 'trap.unlocated': 1 });
    const broken = trapCounts(
      gold,
      [
        pred('R07.9', { ranges: [at('chest pain')], status: 'auto' }),
        pred('Z80.0', { ranges: [{ start: 0, end: 1 }] }),
      ],
      text,
    );
    expect(broken.counts).toMatchObject({
      'trap.n': 2,
      'trap.hit': 2,
      'trap.auto': 1,
      'trapr.negated.hit': 1,
      'trapr.family.hit': 1,
    });
    expect(broken.violations.map((v) => v.code).sort()).toEqual(['R07.9', 'Z80.0']);
  });

  it('HCC capture after the hierarchy on each side', () => {
    const map: HccMap = {
      source: { dir: '', files: [] },
      byCode: new Map([
        ['E1122', ['HCC37']],
        ['E119', ['HCC38']],
        ['N184', ['HCC327']],
      ]),
      labels: new Map(),
      outrankedBy: new Map([['HCC38', ['HCC37']]]),
    };
    expect([...chartHccs(['E11.22', 'E11.9'], map)]).toEqual(['HCC37']);
    expect(hccCounts(gold, [pred('E11.9')], map)).toEqual({
      counts: { 'hcc.gold': 1, 'hcc.pred': 1, 'hcc.found': 0 },
      missed: ['HCC37'],
      unsupported: ['HCC38'],
    });
    expect(hccCounts(gold, [pred('E11.22'), pred('E11.9')], map).counts).toEqual({
      'hcc.gold': 1,
      'hcc.pred': 1,
      'hcc.found': 1,
    });
  });

  it('near misses by kind', () => {
    const titles: Record<string, string> = {
      'S52.501A': 'Unspecified fracture of the lower end of right radius, initial encounter for closed fracture',
      'S52.502A': 'Unspecified fracture of the lower end of left radius, initial encounter for closed fracture',
      'E11.9': 'Type 2 diabetes mellitus without complications',
      'E11.42': 'Type 2 diabetes mellitus with diabetic polyneuropathy',
      'E11.22': 'Type 2 diabetes mellitus with diabetic chronic kidney disease',
    };
    const t = (_s: string, c: string) => titles[c];
    expect(nearMissKind('icd10cm', 'S52.501A', 'S52.501D', t)).toBe('7th character');
    expect(nearMissKind('icd10cm', 'S52.501A', 'S52.502A', t)).toBe('laterality');
    expect(nearMissKind('icd10cm', 'E11.4', 'E11.42', t)).toBe('specificity');
    expect(nearMissKind('icd10cm', 'E11.42', 'E11.22', t)).toBe('other code in the category');
  });
});
