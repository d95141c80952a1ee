import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChartRecord } from '../../src/contract/chart-record.js';
import { isChartcoderError } from '../../src/contract/errors.js';
import { loadPipelineConfig } from '../../src/pipeline/config.js';
import type { ChartStage } from '../../src/contract/stage.js';
import { stageRegistry } from '../../src/pipeline/registry.js';
import { calibrationJson, type Calibration } from '../../src/score-confidence/calibration-file.js';
import { FEATURES, recordFeatures } from '../../src/scoring/features.js';
import { isBlocked } from '../../src/score-confidence/score-confidence-stage.js';
import { tinyCodeSets } from '../support/code-sets.js';
import { packageRoot } from '../../src/contract/paths.js';
import { codeText, stagesFor } from '../support/pipeline.js';

const codeSets = tinyCodeSets();
const guidelinesOnly = await stagesFor(codeSets, 'apply-guidelines');
const coded = (text: string) => codeText(text, { stages: guidelinesOnly });
const featuresOf = (r: ChartRecord, code: string) =>
  recordFeatures(r, codeSets)[r.codes.findIndex((c) => c.code === code)]!;

/** A calibration whose every weight is given: bias `bias`, the rest 0, so each code scores sigmoid(bias). */
function calibrationFile(bias: number, threshold: number | null): string {
  const fig = { ece: 0, autoRows: 0, autoPrecision: 0, goldFoundAsAuto: 0, shareOfGold: 0 };
  const c: Calibration = {
    pipeline: 'test',
    method: 'logistic',
    l2: 1,
    targetPrecision: 0.95,
    threshold,
    weights: Object.fromEntries(FEATURES.map((f) => [f, f === 'bias' ? bias : 0])),
    fittedOn: { gold: 'gold', charts: 1, suggestions: 1, correct: 1, goldCodes: 1, folds: 2 },
    figures: { prior: fig, inSample: fig, crossValidated: fig },
  };
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cc-cal-')), 'fit.json');
  writeFileSync(file, calibrationJson(c));
  return file;
}

async function scoreWith(options: Record<string, unknown>, r: ChartRecord): Promise<ChartRecord> {
  const stage = stageRegistry.get('score-confidence') as ChartStage;
  const fn = await stage.setup(stage.options.parse(options), {
    codeSets,
    pipeline: { name: 'test', encounterType: 'outpatient', configPath: '' },
  });
  return fn(structuredClone(r));
}

describe('score-confidence features', () => {
  it('tells a diagnosis the assessment states from one only in the history', async () => {
    const r = await coded('HPI: has hypertension.\nASSESSMENT: Type 2 diabetes.');
    expect(featuresOf(r, 'E11.9')).toMatchObject({ inConclusion: 1, narrativeOnly: 0, oneWordTerm: 0, systemCpt: 0 });
    expect(featuresOf(r, 'I10')).toMatchObject({ inConclusion: 0, narrativeOnly: 1, oneWordTerm: 1 });
  });

  it('marks an abbreviation, an unspecified code and a symptom beside a diagnosis', async () => {
    const r = await coded('ASSESSMENT: 1. Pneumonia. 2. Fever. 3. HTN');
    expect(featuresOf(r, 'R50.9')).toMatchObject({ symptomWithDiagnosis: 1, unspecifiedCode: 1 });
    expect(featuresOf(r, 'J18.9')).toMatchObject({ symptomWithDiagnosis: 0 });
    expect(featuresOf(r, 'I10')).toMatchObject({ matchAbbreviation: 1, termIsTitle: 0 });
  });

  it('reads flags by prefix; a flag it does not know counts as otherFlags and blocks auto', async () => {
    const r = await coded('ASSESSMENT: Type 2 diabetes.');
    r.codes[0]!.flags = [
      'excludes1_conflict:I10',
      'query_provider:type',
      'use_additional_code:Z79.4',
      'brand_new_check:x',
      'low_confidence',
    ];
    expect(featuresOf(r, 'E11.9')).toMatchObject({
      flagExcludes1: 1,
      flagQueryProvider: 1,
      flagOtherCodePrompt: 1,
      otherFlags: 1,
      flagUncertainDx: 0,
    });
    const informational = ['use_additional_code', 'code_first', 'hcc'];
    expect(isBlocked({ flags: ['use_additional_code:Z79.4', 'hcc:37', 'low_confidence'] }, informational)).toBe(false);
    expect(isBlocked({ flags: ['use_additional_code:Z79.4', 'brand_new_check:x'] }, informational)).toBe(true);
  });
});

describe('score-confidence status', () => {
  it('makes a row auto only at or above the calibrated threshold, and says low_confidence below it', async () => {
    const r = await coded('ASSESSMENT: Type 2 diabetes. Right otitis media.');
    const at = await scoreWith({ calibration: calibrationFile(3, 0.952) }, r); // sigmoid(3) = 0.953
    expect(at.codes.map((c) => [c.code, c.confidence, c.status, c.flags])).toEqual([
      ['E11.9', 0.953, 'auto', []],
      ['H66.91', 0.953, 'auto', []],
    ]);
    const above = await scoreWith({ calibration: calibrationFile(3, 0.96) }, r);
    expect(above.codes.map((c) => [c.status, c.flags])).toEqual([
      ['review', ['low_confidence']],
      ['review', ['low_confidence']],
    ]);
    const override = await scoreWith({ calibration: calibrationFile(3, 0.96), autoThreshold: 0.5 }, r);
    expect(override.codes.map((c) => c.status)).toEqual(['auto', 'auto']);
  });

  it('keeps a blocked row in review whatever its score, and makes nothing auto when no threshold reached the target', async () => {
    const r = await coded('ASSESSMENT: Otitis media. Type 2 diabetes.');
    const s = await scoreWith({ calibration: calibrationFile(6, 0.5) }, r);
    expect(s.codes.map((c) => [c.code, c.status, c.flags])).toEqual([
      ['H66.90', 'review', ['query_provider:laterality']],
      ['E11.9', 'auto', []],
    ]);
    const none = await scoreWith({ calibration: calibrationFile(6, null) }, r);
    expect(none.codes.map((c) => c.status)).toEqual(['review', 'review']);
    expect(none.codes[1]!.flags).toEqual(['low_confidence']);
  });

  it('refuses a config whose calibration file is missing, naming the key, and records the file it used', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-cfg-'));
    const cfg = JSON.parse(readFileSync(path.join(packageRoot, 'pipelines', 'outpatient.json'), 'utf8'));
    const i = cfg.stages.findIndex((s: { stage: string }) => s.stage === 'score-confidence');
    cfg.stages[i].options = { calibration: 'calibration/none.json' };
    const file = path.join(dir, 'p.json');
    writeFileSync(file, JSON.stringify(cfg));
    let err: unknown;
    try {
      loadPipelineConfig(file);
    } catch (e) {
      err = e;
    }
    expect(isChartcoderError(err) && [err.code, err.where]).toEqual([
      'CONFIG_BAD_VALUE',
      `${file}: stages[${i}].options.calibration`,
    ]);
    cfg.stages[i].options = { calibration: path.relative(dir, calibrationFile(3, 0.9)) };
    writeFileSync(file, JSON.stringify(cfg));
    const opts = loadPipelineConfig(file).stages[i]!.options as { calibration: { file: string; sha256: string } };
    expect(opts.calibration.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
