import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
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
    expect(r.stdout).toMatch(/^ {2}icd10cm +I10 +/m);
  });

  it('--json prints the whole record, offsets pointing into its text', async () => {
    const r = await cli(['explain', chart, '--json']);
    expect(r.code).toBe(0);
    const rec = JSON.parse(r.stdout);
    expect(rec.mentions.length).toBeGreaterThan(5);
    for (const m of rec.mentions) expect(rec.text.slice(m.range.start, m.range.end)).toBe(m.text);
  });

  it('a chart that cannot be read exits 2 with its coded issue', async () => {
    const r = await cli(['explain', path.join(packageRoot, 'fixtures', 'bad', 'empty.txt')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/issue fatal INGEST_\w+/);
  });
});
