import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planBatch } from '../../src/pipeline/plan-batch.js';

describe('planBatch', () => {
  it('--out inside the input folder: earlier batches there are not listed as charts', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cc-plan-'));
    writeFileSync(path.join(root, 'ov-1.txt'), 'ASSESSMENT: Essential hypertension.');
    mkdirSync(path.join(root, 'output', 'night-1'), { recursive: true });
    for (const f of ['codes.csv', 'charts.csv', 'manifest.json', '_SUCCESS']) writeFileSync(path.join(root, 'output', 'night-1', f), '');
    const plan = planBatch({ out: path.join(root, 'output'), inputs: [root], pipeline: 'outpatient', batchId: 'night-2' });
    expect(plan.inputs.map((i) => i.id)).toEqual(['ov-1']);
  });
});
