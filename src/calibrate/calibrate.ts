/**
 * `chartcoder calibrate` as a library call: run a pipeline on gold charts, fit the confidence model
 * (fit-model.ts), choose the threshold, and measure before / after / cross-validated. Returns the
 * calibration to store and where; writing it is `writeCalibration`. Never prints.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GoldChart } from '../evaluate/gold.js';
import { expectedCalibrationError, reliabilityBins } from '../evaluate/metrics.js';
import { ChartcoderError } from '../contract/errors.js';
import { parsePipelineConfig, resolvePipelinePath } from '../pipeline/config.js';
import { readConfigWithout } from '../pipeline/raw-config.js';
import { calibrationJson, readCalibration, type Calibration } from '../score-confidence/calibration-file.js';
import { autoAt, autoFigures, type ScoredRow } from './choose-threshold.js';
import { FEATURES } from '../scoring/features.js';
import { crossValidate, fitModel, rows, type FitOptions } from './fit-model.js';
import { goldExamples, SCORE_STAGE } from './gold-examples.js';
import { PRIOR_THRESHOLD, type ScoreConfidenceOptions } from '../score-confidence/score-confidence-stage.js';
import { modelFromNamed, predict, PRIOR_MODEL } from '../scoring/scorer.js';

export interface CalibrateOptions extends FitOptions {
  /** Built-in pipeline name or path to a pipeline JSON. */
  pipeline: string;
  gold: GoldChart[];
  goldDir: string;
  /** What the gold charts are, for messages: `gold` (gold files) or `reviewed` (reviewed batches only). */
  goldKind?: 'gold' | 'reviewed';
}

export interface CalibrateResult {
  /** Where the calibration goes. */
  file: string;
  /** The config names the file in its score-confidence options (else the user must add it). */
  referenced: boolean;
  configFile: string;
  calibration: Calibration;
  /** What scored the charts before: `prior weights` or the previous calibration file. */
  beforeSource: string;
  /** Figures of the scoring in force before (printed, not stored: the file must not depend on its previous self). */
  before: Calibration['figures']['prior'];
  failedCharts: string[];
}

export async function calibrate(opts: CalibrateOptions): Promise<CalibrateResult> {
  const configFile = resolvePipelinePath(opts.pipeline);
  const { raw, calibrationOption, stage } = readConfigWithoutCalibration(configFile);
  // the config is validated without its calibration file: that file may not exist yet
  const config = parsePipelineConfig(raw, configFile);
  const scoreOptions = config.stages.find((s) => s.stage.name === SCORE_STAGE)?.options as
    ScoreConfidenceOptions | undefined;
  if (!scoreOptions || stage < 0)
    throw new ChartcoderError('CONFIG_BAD_VALUE', `expected a ${SCORE_STAGE} stage to calibrate`, configFile);
  const file = path.resolve(
    path.dirname(configFile),
    calibrationOption ?? path.join('calibration', `${config.name}.json`),
  );
  const data = await goldExamples(config, opts.gold, scoreOptions.informationalFlags);
  const { examples, goldCodes } = data;
  if (examples.length === 0)
    throw new ChartcoderError(
      'INPUT_EMPTY',
      'expected gold charts that yield code suggestions, found none',
      opts.goldDir,
    );
  // the fit is cross-validated by chart: one chart leaves a fold with nothing to fit on
  const fitCharts = new Set(examples.map((e) => e.chartId)).size;
  if (fitCharts < 2)
    throw new ChartcoderError(
      'CALIBRATE_TOO_FEW_CHARTS',
      `too few ${opts.goldKind ?? 'gold'} charts to fit: expected at least 2 charts with code suggestions, found ${fitCharts}`,
      opts.goldDir,
    );

  const previous = existsSync(file) ? safeRead(file) : undefined;
  const before = previous ? modelFromNamed(previous.weights, previous.isotonic) : PRIOR_MODEL;
  const beforeThreshold = scoreOptions.autoThreshold ?? (previous ? previous.threshold : PRIOR_THRESHOLD);
  const beforeRows = rows(examples, (e) => predict(before, e.x));
  const priorRows = rows(examples, (e) => predict(PRIOR_MODEL, e.x));

  const model = fitModel(examples, opts);
  const fittedRows = rows(examples, (e) => predict(model, e.x));
  const cv = crossValidate(examples, opts);
  const folds = Math.min(opts.folds, fitCharts);

  const calibration: Calibration = {
    $comment: `Written by "chartcoder calibrate"; rerun it rather than editing. Figures: "prior" scores with the documented prior weights (prior-weights.ts); "inSample" is measured on the same gold charts the fit was made on; "crossValidated" (${folds}-fold by chart) on charts each fold's fit never saw, the figure to expect on new charts.`,
    pipeline: config.name,
    method: opts.method,
    l2: opts.l2,
    targetPrecision: opts.targetPrecision,
    threshold: model.threshold,
    weights: Object.fromEntries(FEATURES.map((f, i) => [f, model.weights[i]!])),
    ...(model.isotonic ? { isotonic: model.isotonic } : {}),
    fittedOn: {
      gold: path.relative(path.dirname(file), path.resolve(opts.goldDir)).split(path.sep).join('/'),
      charts: data.charts,
      suggestions: examples.length,
      correct: examples.filter((e) => e.correct).length,
      goldCodes,
      folds,
    },
    figures: {
      prior: figures(priorRows, autoAt(priorRows, PRIOR_THRESHOLD), goldCodes),
      inSample: figures(fittedRows, autoAt(fittedRows, model.threshold), goldCodes),
      crossValidated: figures(cv.rows, cv.auto, goldCodes),
    },
  };
  return {
    file,
    referenced: calibrationOption !== undefined,
    configFile,
    calibration,
    beforeSource: previous ? `previous ${path.basename(file)}` : 'prior weights',
    before: figures(beforeRows, autoAt(beforeRows, beforeThreshold), goldCodes),
    failedCharts: data.failedCharts,
  };
}

export function writeCalibration(file: string, c: Calibration): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, calibrationJson(c), { mode: 0o644 });
    renameSync(tmp, file);
  } catch {
    throw new ChartcoderError('OUTPUT_NOT_WRITABLE', 'cannot write the calibration file', file);
  }
}

function figures(r: ScoredRow[], auto: boolean[], goldTotal: number): Calibration['figures']['prior'] {
  return { ece: expectedCalibrationError(reliabilityBins(r)), ...autoFigures(r, auto, goldTotal) };
}

/** A broken previous file is simply replaced: calibrate is how it gets fixed. */
function safeRead(file: string): Calibration | undefined {
  try {
    return readCalibration(file);
  } catch {
    return undefined;
  }
}

/** The raw config with the score-confidence `calibration` option taken out, and that option's value. */
function readConfigWithoutCalibration(file: string): { raw: unknown; calibrationOption?: string; stage: number } {
  const r = readConfigWithout(file, [{ stage: SCORE_STAGE, key: 'calibration' }]);
  const value = r.removed[`${SCORE_STAGE}.calibration`];
  return { raw: r.raw, stage: r.stage[SCORE_STAGE]!, ...(value !== undefined ? { calibrationOption: value } : {}) };
}
