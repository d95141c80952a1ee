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

describe('manifest rows and dates, one chart at a time', () => {
  it('a ragged row fails that chart only, with its line number; the other rows are listed', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cc-ragged-'));
    const m = path.join(root, 'm.csv');
    writeFileSync(
      m,
      'chart_id,path,encounter_type,date_of_service\na1,a.txt,outpatient,2026-03-01\na2,b.txt,outpatient,2026-03-01,extra\na3,c.txt\na4,d.txt,inpatient,2026-03-02\n',
    );
    const inputs = listInputs([], { manifest: m });
    expect(inputs.map((i) => [i.id, i.problem?.code, i.problem?.message])).toEqual([
      ['a1', undefined, undefined],
      ['a2', 'INPUT_MANIFEST_ROW_INVALID', 'm.csv line 3: expected 4 cells as in the header, found 5'],
      ['a3', 'INPUT_MANIFEST_ROW_INVALID', 'm.csv line 4: expected 4 cells as in the header, found 2'],
      ['a4', undefined, undefined],
    ]);
  });

  it('an impossible date of service (2026-02-30) fails that chart; a real one (2028-02-29) is kept', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cc-dates-'));
    const m = path.join(root, 'm.csv');
    writeFileSync(m, 'chart_id,path,date_of_service\nd1,a.txt,2026-02-30\nd2,b.txt,2026-13-01\nd3,c.txt,2028-02-29\n');
    expect(listInputs([], { manifest: m }).map((i) => [i.id, i.dateOfService, i.problem?.code])).toEqual([
      ['d1', undefined, 'INPUT_MANIFEST_ROW_INVALID'],
      ['d2', undefined, 'INPUT_MANIFEST_ROW_INVALID'],
      ['d3', '2028-02-29', undefined],
    ]);
  });

  it('quotes nothing from an input cell in the row problem', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cc-quote-'));
    const m = path.join(root, 'm.csv');
    writeFileSync(m, 'chart_id,path,encounter_type\ne1,a.txt,SECRETWORD\n');
    expect(listInputs([], { manifest: m })[0]!.problem?.message).not.toContain('SECRETWORD');
  });

  it('skips the batch output folder when it lies inside an input folder', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cc-outinside-'));
    writeFileSync(path.join(root, 'a.txt'), 'x');
    mkdirSync(path.join(root, 'output', 'night'), { recursive: true });
    writeFileSync(path.join(root, 'output', 'night', 'codes.csv'), 'x');
    expect(listInputs([root], { skip: [path.join(root, 'output')] }).map((i) => i.id)).toEqual(['a']);
  });
});
