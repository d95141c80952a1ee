import { describe, expect, it } from 'vitest';
import type { ChartInput } from '../../src/ingest/list-inputs.js';
import { encounterUnits } from '../../src/pipeline/encounter-units.js';

const doc = (id: string, more: Partial<ChartInput> = {}): ChartInput => ({ id, path: `/c/${id}.txt`, ...more });

describe('encounterUnits', () => {
  it('leaves a batch without encounter ids as it is: each chart its own unit', () => {
    const inputs = [doc('a'), doc('b', { dateOfService: '2026-09-01' })];
    expect(encounterUnits(inputs)).toEqual(inputs);
  });

  it('groups the documents of an encounter in the place of its first, and makes other charts encounters of one', () => {
    const units = encounterUnits([
      doc('a', { encounterId: 'E2' }),
      doc('b'),
      doc('c', { encounterId: 'E1' }),
      doc('d', { encounterId: 'E2' }),
    ]);
    expect(units.map((u) => [u.id, u.documents!.map((d) => d.id)])).toEqual([
      ['E2', ['a', 'd']],
      ['b', ['b']],
      ['E1', ['c']],
    ]);
    expect(units.every((u) => u.documents!.every((d) => d.problem === undefined))).toBe(true);
  });

  it('fails every document of an encounter whose documents disagree, naming the fields but no value', () => {
    const [unit] = encounterUnits([
      doc('a', { encounterId: 'E', encounterType: 'inpatient', patientId: 'P1' }),
      doc('b', { encounterId: 'E', encounterType: 'outpatient', patientId: 'P2' }),
    ]);
    expect(unit!.documents!.map((d) => d.problem?.code)).toEqual([
      'INPUT_ENCOUNTER_MISMATCH',
      'INPUT_ENCOUNTER_MISMATCH',
    ]);
    expect(unit!.documents![0]!.problem!.message).toContain('encounter_type, patient_id');
    expect(unit!.documents![0]!.problem!.message).not.toMatch(/P1|P2|inpatient/);
  });

  it('keeps a document its own problem, and refuses an encounter id that is another chart id', () => {
    const units = encounterUnits([
      doc('a', { encounterId: 'b' }),
      doc('b'),
      doc('c', { encounterId: 'c' }),
      doc('d', { encounterId: 'c', problem: { code: 'INPUT_MANIFEST_ROW_INVALID', message: 'line 5' } }),
    ]);
    expect(units.map((u) => [u.id, u.documents!.map((d) => d.problem?.code ?? 'ok')])).toEqual([
      ['a', ['INPUT_DUPLICATE_ID']],
      ['b', ['ok']],
      ['c', ['ok', 'INPUT_MANIFEST_ROW_INVALID']],
    ]);
  });
});
