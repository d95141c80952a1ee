/**
 * `codes import` without --store fills ~/.chartcoder/code-sets; every command that codes (run, explain, eval) then
 * codes with it, the summary names the releases, and a chart dated outside every imported release is coded with the
 * nearest one and warned about. HOME points at a scratch folder here (never the real one).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { sample, scratch } from '../support/code-samples.js';
import { planBatch } from '../../src/pipeline/plan-batch.js';

const rows = (file: string) => parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];

function withHome(home: string): () => void {
  const saved = { HOME: process.env.HOME, store: process.env.CHARTCODER_CODE_STORE };
  process.env.HOME = home;
  delete process.env.CHARTCODER_CODE_STORE;
  return () => {
    process.env.HOME = saved.HOME;
    if (saved.store !== undefined) process.env.CHARTCODER_CODE_STORE = saved.store;
  };
}

function manifestIn(work: string): string {
  writeFileSync(path.join(work, 'note.txt'), 'ASSESSMENT:\n1. COVID-19 infection.\n2. Essential hypertension.\n');
  const manifest = path.join(work, 'tonight.csv');
  writeFileSync(
    manifest,
    ['chart_id,path,date_of_service', 'in-fy2026,note.txt,2026-03-02', 'too-old,note.txt,2019-06-01', ''].join('\n'),
  );
  return manifest;
}

describe('the default code store (~/.chartcoder/code-sets)', () => {
  const work = scratch('cc-home-');
  const home = path.join(work, 'home');
  const store = path.join(home, '.chartcoder', 'code-sets');
  let restore: () => void;
  beforeAll(() => {
    mkdirSync(home);
    restore = withHome(home);
  });
  afterAll(() => restore());

  it('empty: run codes with the embedded starter set and says so', async () => {
    const out = path.join(work, 'out-empty');
    const r = await cli(['run', '--manifest', manifestIn(work), '--out', out, '--batch-id', 'e', '-w', '1', '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^code sets: icd10cm starter-fy2026; .*\(embedded starter set\)$/m);
    const m = JSON.parse(readFileSync(path.join(out, 'e', 'manifest.json'), 'utf8'));
    expect(m.codeSets.store).toBeUndefined();
    expect(rows(path.join(out, 'e', 'charts.csv')).map((c) => c.issue_codes)).toEqual(['', '']);
  });

  it('after codes import without --store, run codes with it; a date outside every release is a warning', async () => {
    const imp = await cli(['codes', 'import', '--system', 'icd10cm', '--fy', '2026', '--order', sample.cmOrder]);
    expect(imp.code).toBe(0);
    expect(existsSync(path.join(store, 'icd10cm', 'fy2026', 'manifest.json'))).toBe(true);
    const out = path.join(work, 'out');
    const r = await cli(['run', '--manifest', manifestIn(work), '--out', out, '--batch-id', 'd', '-w', '1', '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `code sets: icd10cm fy2026+starter-fy2026; icd10pcs starter-fy2026; cpt starter-2026; hcpcs starter-2026 (store ${store})`,
    );
    const charts = Object.fromEntries(rows(path.join(out, 'd', 'charts.csv')).map((c) => [c.chart_id, c]));
    expect(charts['in-fy2026']).toMatchObject({ status: 'ok', issue_codes: '' });
    expect(charts['in-fy2026']!.code_sets).toMatch(/^icd10cm fy2026\+starter-fy2026; /);
    // Coded with the nearest release, and the chart says so: the batch is not failed for one stale date.
    expect(charts['too-old']).toMatchObject({ status: 'ok', issue_codes: 'CODESET_DATE_OUTSIDE_RELEASES' });
    expect(charts['too-old']!.code_sets).toMatch(/^icd10cm fy2026\+starter-fy2026; /);
    expect(charts['too-old']!.issue_details).toMatch(
      /a release in force on 2019-06-01 of icd10cm; imported: fy2026 \(2025-10-01\.\.2026-09-30\); coded with the nearest, fy2026/,
    );
    const codes = rows(path.join(out, 'd', 'codes.csv')).filter((c) => c.chart_id === 'too-old');
    expect(codes.map((c) => c.code).sort()).toEqual(['I10', 'U07.1']);
    const m = JSON.parse(readFileSync(path.join(out, 'd', 'manifest.json'), 'utf8'));
    expect(m.codeSets).toMatchObject({ store, used: { icd10cm: ['fy2026+starter-fy2026'], cpt: ['starter-2026'] } });
  });

  it('explain codes with it too', async () => {
    const r = await cli(['explain', path.join(work, 'note.txt'), '--date-of-service', '2026-03-02']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^code sets: icd10cm fy2026\+starter-fy2026; /m);
  });

  it('a resume refuses a store whose releases changed since the batch started', async () => {
    const out = path.join(work, 'out-resume');
    const plan = planBatch({ out, inputs: [path.join(work, 'note.txt')], pipeline: 'outpatient', batchId: 'r' });
    expect(plan.codeStore).toBe(store);
    const partial = path.join(out, '.r.partial');
    mkdirSync(partial, { recursive: true });
    await plan.onStart(partial);
    const spec = JSON.parse(readFileSync(path.join(partial, 'run.json'), 'utf8'));
    expect(spec.codeSets).toEqual({ icd10cm: ['fy2026'], icd10pcs: ['starter'], cpt: ['starter'], hcpcs: ['starter'] });
    expect(planBatch({ out, inputs: [], pipeline: 'outpatient', resume: 'r' }).codeStore).toBe(store);
    const imp = await cli(['codes', 'import', '--system', 'icd10pcs', '--fy', '2026', '--order', sample.pcsOrder]);
    expect(imp.code).toBe(0);
    expect(() => planBatch({ out, inputs: [], pipeline: 'outpatient', resume: 'r' })).toThrow(
      /CODESET_INVALID: .*then icd10cm fy2026; icd10pcs starter; .*now icd10cm fy2026; icd10pcs fy2026; .*resume needs the same releases/,
    );
  });
});
