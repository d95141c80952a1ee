import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { cli } from '../support/cli.js';

const tmp = (p: string) => mkdtempSync(path.join(tmpdir(), p));
const coded = (r: { code: number; stderr: string }, code: string) => {
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(code);
  expect(r.stderr).not.toContain('unexpected internal error');
};

describe('operator mistakes are coded errors, not "please report it"', () => {
  it('a missing --order file for codes import', async () => {
    const dir = tmp('cc-op-order-');
    coded(
      await cli([
        'codes',
        'import',
        '--store',
        dir,
        '--system',
        'icd10cm',
        '--fy',
        '2026',
        '--order',
        path.join(dir, 'nope.txt'),
      ]),
      'INPUT_NOT_FOUND',
    );
  });

  it('a missing --gold folder, and malformed gold JSON', async () => {
    const dir = tmp('cc-op-gold-');
    coded(await cli(['eval', '--gold', path.join(dir, 'nope'), '--out', dir]), 'INPUT_NOT_FOUND');
    mkdirSync(path.join(dir, 'gold'));
    writeFileSync(path.join(dir, 'gold', 'x.gold.json'), '{"chartId": ');
    coded(await cli(['eval', '--gold', path.join(dir, 'gold'), '--out', dir]), 'INPUT_MANIFEST_INVALID');
  });

  it('a truncated batch CSV given to eval', async () => {
    const dir = tmp('cc-op-batch-');
    const batch = path.join(dir, 'b');
    mkdirSync(batch);
    const chart = path.join(packageRoot, 'fixtures', 'charts', 'rad-knee-xray-left.txt');
    expect((await cli(['run', chart, '--out', dir, '--batch-id', 'full', '--quiet'])).code).toBe(0);
    cpSync(path.join(dir, 'full'), batch, { recursive: true });
    const codes = readFileSync(path.join(batch, 'codes.csv'), 'utf8');
    writeFileSync(path.join(batch, 'codes.csv'), codes.slice(0, codes.indexOf('\n') + 40));
    coded(
      await cli(['eval', '--gold', path.join(packageRoot, 'fixtures', 'gold'), '--batch', batch, '--out', dir]),
      'INPUT_BATCH_INVALID',
    );
  });
});
