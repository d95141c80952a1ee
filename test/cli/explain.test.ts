import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { scratch } from '../support/code-samples.js';
import { COVID_NOTE, covidReleaseStore } from '../support/code-store.js';
import { cli } from '../support/cli.js';

const chart = path.join(packageRoot, 'fixtures', 'charts', 'ed-chest-pain-ruled-out.txt');

describe('chartcoder explain', () => {
  it('shows sections, each mention with the rule that decided its assertion, and the codes', async () => {
    const r = await cli(['explain', chart]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^SECTIONS$/m);
    expect(r.stdout).toMatch(/"shortness of breath" symptom in hpi: negated \(trigger:denies#\d+\)/);
    expect(r.stdout).toMatch(/"MI" diagnosis in family_history: family/);
    expect(r.stdout).toMatch(/ assessment_and_plan +"ED COURSE \/ MDM"/);
    expect(r.stdout).toMatch(/ diagnoses +"ASSESSMENT \/ DIAGNOSES"/);
    expect(r.stdout).toMatch(/"HTN" diagnosis in past_medical_history: \w+.*→ icd10cm:I10 \((term|abbreviation)\)/);
    expect(r.stdout).toMatch(/^CODES$/m);
    expect(r.stdout).toMatch(/^ {2}#\d+ +icd10cm +I10 +/m);
  });

  it('--json prints the whole record, offsets pointing into its text', async () => {
    const r = await cli(['explain', chart, '--json']);
    expect(r.code).toBe(0);
    const rec = JSON.parse(r.stdout);
    expect(rec.mentions.length).toBeGreaterThan(5);
    for (const m of rec.mentions) expect(rec.text.slice(m.range.start, m.range.end)).toBe(m.text);
  });

  it('shows each code’s reporting order, HCC categories and the diagnoses that support a procedure', async () => {
    const op = await cli(['explain', path.join(packageRoot, 'fixtures', 'charts', 'op-lap-appendectomy.txt')]);
    expect(op.stdout).toMatch(/^ {2}#1 +icd10cm +K35\.80 /m);
    expect(op.stdout).toMatch(/cpt +44970 [^\n]*\n(?: {6}flags: [^\n]*\n)? {6}supported by: K35\.80\n/);
    const ckd = await cli(['explain', path.join(packageRoot, 'fixtures', 'charts', 'consult-nephrology-ckd4.txt')]);
    expect(ckd.stdout).toMatch(/icd10cm +N18\.4 [^\n]*\n {6}hcc: HCC327 Chronic Kidney Disease, Severe \(Stage 4\)\n/);
  });

  it('a chart that cannot be read exits 2 with its coded issue', async () => {
    const r = await cli(['explain', path.join(packageRoot, 'fixtures', 'bad', 'empty.txt')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/issue fatal INGEST_\w+/);
  });

  it('--code-store codes the chart with the imported release in force, as a run does', async () => {
    const work = scratch('cc-explain-');
    // FY2025 without U07.1, FY2026 with it: what explain shows depends on the store and the date of service.
    const { store, imports } = await covidReleaseStore(work);
    expect(imports.map((r) => r.code)).toEqual([0, 0]);
    const note = path.join(work, 'note.txt');
    writeFileSync(note, COVID_NOTE);
    const newest = await cli(['explain', note, '--code-store', store]);
    expect(newest.code).toBe(0);
    expect(newest.stdout).toMatch(/^code sets: icd10cm fy2026\+starter-fy2026; /m);
    expect(newest.stdout).toMatch(/^ {2}#\d+ +icd10cm +U07\.1 /m);
    const older = await cli(['explain', note, '--code-store', store, '--date-of-service', '2025-09-30']);
    expect(older.stdout).toMatch(/^code sets: icd10cm fy2025\+starter-fy2026; /m);
    expect(older.stdout).not.toMatch(/U07\.1/);
    expect(older.stdout).toMatch(/^ {2}#\d+ +icd10cm +I10 /m);
    const bad = await cli(['explain', note, '--date-of-service', '30/09/2025']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/USAGE: expected --date-of-service as YYYY-MM-DD/);
  });
});
