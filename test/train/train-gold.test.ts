import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isChartcoderError } from '../../src/contract/errors.js';
import { loadGoldDir } from '../../src/evaluate/gold.js';
import { loadPipelineConfig } from '../../src/pipeline/config.js';
import { prepareStages } from '../../src/pipeline/prepare-stages.js';
import { newRecord, processChart } from '../../src/pipeline/process-chart.js';
import { readModelFile, writeModelFile } from '../../src/rank-codes/model-file.js';
import { packageRoot } from '../../src/contract/paths.js';
import { train } from '../../src/train/train.js';

const gold = loadGoldDir(path.join(packageRoot, 'fixtures', 'gold'));
const dir = mkdtempSync(path.join(tmpdir(), 'chartcoder-train-'));

/** The inpatient pipeline with a rank-codes stage after map-codes naming `model`, written beside it. */
function pipelineWithModel(name: string, model: string): string {
  const cfg = JSON.parse(readFileSync(path.join(packageRoot, 'pipelines', 'inpatient.json'), 'utf8'));
  cfg.name = name;
  const at = cfg.stages.findIndex((s: { stage: string }) => s.stage === 'map-codes') + 1;
  cfg.stages.splice(at, 0, { stage: 'rank-codes', why: 'test', options: { model } });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(cfg));
  return file;
}

describe('chartcoder train on the gold fixtures', async () => {
  const configFile = pipelineWithModel('learned', 'learned.model.gz');
  const result = await train({
    pipeline: configFile,
    gold,
    source: 'fixtures gold',
    folds: 3,
    objective: 'f1',
    truncatedProcedures: false,
    corpusCodes: false,
  });
  writeModelFile(path.join(dir, 'learned.model.gz'), result.model);

  it('writes a versioned model naming its pipeline, code sets, data and cross-validated figures', () => {
    const m = readModelFile(path.join(dir, 'learned.model.gz'));
    expect(m.format).toBe('chartcoder-rank-model/2');
    expect(m.pipeline).toBe('learned');
    expect(m.codeSets['icd10cm']).toMatch(/^starter-/);
    expect(m.trainingData.charts).toBe(gold.length - result.failedCharts.length);
    expect(m.trainingData.chartSha256).toHaveLength(m.trainingData.charts);
    expect(m.features).toContain('textProbability');
    expect(m.text.length).toBeGreaterThan(10);
    const cv = result.figures;
    expect(cv.withModel.overall.f1).toBeGreaterThan(0.3);
    expect(cv.withoutModel.overall.f1).toBeGreaterThan(0.3);
  });

  it('ranks in a pipeline: every code gets the fused score, model-only codes are flagged with a sentence of the chart', async () => {
    // every model-only candidate added (at most 3 per chart), so the test sees them whatever threshold CV chose
    writeModelFile(path.join(dir, 'eager.model.gz'), {
      ...result.model,
      pipeline: 'eager',
      options: { ...result.model.options, addThreshold: 0, maxAdded: 3 },
    });
    const config = loadPipelineConfig(pipelineWithModel('eager', 'eager.model.gz'));
    const { stages } = await prepareStages(config);
    const upTo = stages.slice(
      0,
      stages.findIndex((s) => s.name === 'apply-guidelines'),
    );
    let modelOnly = 0;
    for (const g of gold.slice(0, 20)) {
      const r = await processChart(
        newRecord({ id: g.chartId, path: g.file, encounterType: g.encounterType }, 'inpatient'),
        upTo,
      );
      expect(r.codes.filter((c) => c.features.modelOnly).length).toBeLessThanOrEqual(3);
      for (const c of r.codes) {
        expect(c.features.rankScore).toBeGreaterThanOrEqual(0);
        if (!c.features.modelOnly) continue;
        modelOnly++;
        expect(c.flags).toEqual(['model_only']);
        expect(r.text.slice(c.evidence[0]!.range.start, c.evidence[0]!.range.end)).toBe(c.evidence[0]!.text);
        expect(c.evidence[0]!.text.length).toBeGreaterThan(0);
      }
    }
    expect(modelOnly).toBeGreaterThan(20);
  });

  it('refuses a model trained with another pipeline: CONFIG_MODEL_MISMATCH', async () => {
    const other = loadPipelineConfig(pipelineWithModel('other', 'learned.model.gz'));
    const err = await prepareStages(other).catch((e: unknown) => e);
    expect(isChartcoderError(err) && err.code).toBe('CONFIG_MODEL_MISMATCH');
  });
});
