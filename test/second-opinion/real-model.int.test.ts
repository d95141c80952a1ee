/**
 * The stage against a real chat model (not run by `npm test`: see vitest.int.config.ts). Set
 * CHARTCODER_SECOND_OPINION_MODEL to a module exporting a LangChain chat model; the fictional fixture
 * charts are the only text sent.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listInputs } from '../../src/ingest/list-inputs.js';
import { loadPipelineConfig } from '../../src/pipeline/config.js';
import { runBatch } from '../../src/pipeline/run-batch.js';
import { packageRoot } from '../../src/contract/paths.js';
import { configWithSecondOpinion } from './pipeline-config.js';

const modelModule = process.env.CHARTCODER_SECOND_OPINION_MODEL;

describe.skipIf(!modelModule)('second opinion from a real chat model', () => {
  it('gives every review row of three fixture charts a verdict, within the budget', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'cc-so-int-'));
    const config = loadPipelineConfig(
      configWithSecondOpinion({
        model: path.resolve(modelModule!),
        allowChartTextToLeaveMachine: true,
        maxCallsPerBatch: 40,
      }),
    );
    const charts = ['ed-cellulitis-right-leg', 'consult-cardiology-afib', 'dc-chf-exacerbation'].map((c) =>
      path.join(packageRoot, 'fixtures', 'charts', `${c}.txt`),
    );
    const r = await runBatch({ config, inputs: listInputs(charts), outDir: out, batchId: 'int', workers: 0 });
    const report = JSON.parse(readFileSync(path.join(r.dir, 'manifest.json'), 'utf8')).stageReports['second-opinion'];
    expect(report.rowsAsked).toBe(r.review);
    expect(report.modelCalls).toBeGreaterThan(0);
    expect(report.modelCalls).toBeLessThanOrEqual(40);
    const validated = Object.values(report.answers as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(validated).toBeGreaterThan(0);
  });
});
