import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChartcoderError } from '../../src/contract/errors.js';
import { listInputs } from '../../src/ingest/list-inputs.js';

function tree(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'cc-inputs-'));
  mkdirSync(path.join(root, 'sub dir', 'nested'), { recursive: true });
  writeFileSync(path.join(root, 'b.txt'), 'x');
  writeFileSync(path.join(root, 'a.pdf'), 'x');
  writeFileSync(path.join(root, '.DS_Store'), 'x');
  writeFileSync(path.join(root, 'sub dir', 'nested', 'é note.txt'), 'x');
  writeFileSync(path.join(root, 'sub dir', 'b.txt'), 'x');
  symlinkSync(root, path.join(root, 'sub dir', 'loop'));
  return root;
}

describe('listInputs', () => {
  it('lists a folder recursively, sorted by id, skipping dotfiles and surviving symlink loops', () => {
    const root = tree();
    const ids = listInputs([root]).map((i) => i.id);
    expect(ids).toEqual(['a', 'b', 'sub dir/b', 'sub dir/nested/é note']);
  });

  it('gives the second input with an id already taken a failed INPUT_DUPLICATE_ID entry', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cc-dup-'));
    writeFileSync(path.join(root, 'x.txt'), 'x');
    writeFileSync(path.join(root, 'x.pdf'), 'x');
    const inputs = listInputs([root]);
    expect(inputs.map((i) => [i.id, i.problem?.code])).toEqual([
      ['x', undefined],
      ['x~2', 'INPUT_DUPLICATE_ID'],
    ]);
  });

  it('reads a manifest with encounter type and date of service, failing bad rows one by one', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cc-manifest-'));
    const m = path.join(root, 'batch.csv');
    writeFileSync(
      m,
      '\ufeffchart_id,path,encounter_type,date_of_service\nc1,notes/one.txt,inpatient,2026-03-01\nc2,two.pdf,,\nc1,three.txt,outpatient,\nc4,four.txt,emergency,\nc5,five.txt,outpatient,03/01/2026\n',
    );
    const inputs = listInputs([], { manifest: m });
    expect(inputs.map((i) => [i.id, i.encounterType, i.dateOfService, i.problem?.code])).toEqual([
      ['c1', 'inpatient', '2026-03-01', undefined],
      ['c1~2', 'outpatient', undefined, 'INPUT_DUPLICATE_ID'],
      ['c2', undefined, undefined, undefined],
      ['c4', undefined, undefined, 'INPUT_MANIFEST_ROW_INVALID'],
      ['c5', 'outpatient', undefined, 'INPUT_MANIFEST_ROW_INVALID'],
    ]);
    expect(inputs[0]!.path).toBe(path.join(root, 'notes', 'one.txt'));
  });

  it('is a usage error when nothing is there or the manifest has no header', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cc-empty-'));
    expect(() => listInputs([root])).toThrow(ChartcoderError);
    expect(() => listInputs([path.join(root, 'missing')])).toThrow(/INPUT_NOT_FOUND/);
    writeFileSync(path.join(root, 'm.csv'), 'id,file\na,b\n');
    expect(() => listInputs([], { manifest: path.join(root, 'm.csv') })).toThrow(/INPUT_MANIFEST_INVALID/);
  });
});
