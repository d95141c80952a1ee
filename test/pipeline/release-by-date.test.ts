import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { scratch } from '../support/code-samples.js';
import { COVID_NOTE, covidReleaseStore } from '../support/code-store.js';

const rows = (file: string) => parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];

describe('each chart coded with the code-set release in force on its date of service', async () => {
  const work = scratch('cc-dos-');
  // FY2025 as a release without U07.1, FY2026 with it: the date decides whether COVID-19 can be coded.
  const { store, imports } = await covidReleaseStore(work);
  const chart = path.join(work, 'note.txt');
  writeFileSync(chart, COVID_NOTE);
  const manifest = path.join(work, 'manifest.csv');
  writeFileSync(
    manifest,
    [
      'chart_id,path,date_of_service',
      'sep-2025,note.txt,2025-09-30',
      'oct-2025,note.txt,2025-10-01',
      'undated,note.txt,',
      'too-old,note.txt,2019-06-01',
      '',
    ].join('\n'),
  );
  const out = path.join(work, 'out');
  const r = await cli([
    'run',
    '--manifest',
    manifest,
    '--out',
    out,
    '--batch-id',
    'dos',
    '--code-store',
    store,
    '--workers',
    '1',
    '--quiet',
  ]);
  const charts = Object.fromEntries(rows(path.join(out, 'dos', 'charts.csv')).map((c) => [c.chart_id, c]));
  const codes = (id: string) =>
    rows(path.join(out, 'dos', 'codes.csv'))
      .filter((c) => c.chart_id === id && c.system === 'icd10cm')
      .map((c) => c.code)
      .sort();

  it('picks FY2025 up to 2025-09-30 and FY2026 from 2025-10-01; undated charts get the newest', () => {
    expect(imports.map((i) => i.code)).toEqual([0, 0]);
    expect(charts['sep-2025']!.code_sets).toMatch(/^icd10cm fy2025\+starter-fy2026; /);
    expect(charts['oct-2025']!.code_sets).toMatch(/^icd10cm fy2026\+starter-fy2026; /);
    expect(charts.undated!.code_sets).toMatch(/^icd10cm fy2026\+starter-fy2026; /);
    expect(codes('oct-2025')).toEqual(['I10', 'U07.1']);
    expect(codes('sep-2025')).toEqual(['I10']);
  });

  it('codes a chart no imported release covers with the nearest release, warns on it, and goes on', () => {
    expect(r.code).toBe(0);
    expect(charts['too-old']).toMatchObject({ status: 'ok', issue_codes: 'CODESET_DATE_OUTSIDE_RELEASES' });
    expect(charts['too-old']!.code_sets).toMatch(/^icd10cm fy2025\+starter-fy2026; /);
    expect(charts['too-old']!.issue_details).toMatch(
      /a release in force on 2019-06-01 of icd10cm; imported: fy2025 .*, fy2026 .*; coded with the nearest, fy2025/,
    );
    expect(codes('too-old')).toEqual(['I10']);
  });

  it('records the store and every release used in the manifest', () => {
    const m = JSON.parse(readFileSync(path.join(out, 'dos', 'manifest.json'), 'utf8'));
    expect(m.codeSets.store).toBe(store);
    expect(m.codeSets.used.icd10cm).toEqual(['fy2025+starter-fy2026', 'fy2026+starter-fy2026']);
    expect(m.codeSets.used.cpt).toEqual(['starter-2026']);
  });
});
