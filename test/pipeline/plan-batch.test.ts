import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planBatch } from '../../src/pipeline/plan-batch.js';

describe('planBatch', () => {
  it('--out inside the input folder: earlier batches there are not listed as charts', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cc-plan-'));
    writeFileSync(path.join(root, 'ov-1.txt'), 'ASSESSMENT: Essential hypertension.');
    mkdirSync(path.join(root, 'output', 'night-1'), { recursive: true });
    for (const f of ['codes.csv', 'charts.csv', 'manifest.json', '_SUCCESS'])
      writeFileSync(path.join(root, 'output', 'night-1', f), '');
    const plan = planBatch({
      out: path.join(root, 'output'),
      inputs: [root],
      pipeline: 'outpatient',
      batchId: 'night-2',
    });
    expect(plan.inputs.map((i) => i.id)).toEqual(['ov-1']);
  });

  it('records the formats in run.json; a resume reads them back, and an edited run.json is refused', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cc-plan-fmt-'));
    writeFileSync(path.join(root, 'ov-1.txt'), 'ASSESSMENT: Essential hypertension.');
    const out = path.join(root, 'output');
    const plan = planBatch({
      out,
      inputs: [path.join(root, 'ov-1.txt')],
      pipeline: 'outpatient',
      batchId: 'n',
      format: 'fhir,csv',
    });
    expect(plan.formats).toEqual(['csv', 'fhir']);
    const partial = path.join(out, '.n.partial');
    mkdirSync(partial, { recursive: true });
    await plan.onStart(partial);
    const spec = JSON.parse(readFileSync(path.join(partial, 'run.json'), 'utf8'));
    expect(spec.formats).toEqual(['csv', 'fhir']);
    expect(planBatch({ out, inputs: [], pipeline: 'outpatient', resume: 'n' }).formats).toEqual(['csv', 'fhir']);
    expect(() => planBatch({ out, inputs: [], pipeline: 'outpatient', resume: 'n', format: 'csv' })).toThrow(
      /--format/,
    );
    writeFileSync(path.join(partial, 'run.json'), JSON.stringify({ ...spec, formats: ['xml'] }));
    expect(() => planBatch({ out, inputs: [], pipeline: 'outpatient', resume: 'n' })).toThrow(/expected --format/);
  });
});
