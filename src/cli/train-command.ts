/** `chartcoder train`: learn a rank-codes model from coded charts; print cross-validated figures; write the model file (and the pipeline's calibration). */
import path from 'node:path';
import type { Argv } from 'yargs';
import { ChartcoderError } from '../contract/errors.js';
import { loadCodiesp } from '../evaluate/codiesp.js';
import { loadGoldDir } from '../evaluate/gold.js';
import type { Prf } from '../evaluate/metrics.js';
import { loadPipelineConfig, parsePipelineConfig, resolvePipelinePath } from '../pipeline/config.js';
import { storeFor } from '../pipeline/pipeline-store.js';
import { readConfigWithout } from '../pipeline/raw-config.js';
import { writeModelFile } from '../rank-codes/model-file.js';
import { writeCalibration } from '../calibrate/calibrate.js';
import { train, type Objective, type TrainResult } from '../train/train.js';
import { RANK_STAGE, SCORE_STAGE } from '../train/training-charts.js';
import type { CliIo } from './io.js';
import { reviewedGoldOf } from './reviewed-gold-input.js';

export interface TrainArgs {
  gold?: string;
  codiesp?: string;
  reviewed: string[];
  pipeline: string;
  codeStore?: string;
  out?: string;
  folds: number;
  objective?: Objective;
  quiet: boolean;
}

export function trainCommandBuilder(y: Argv): Argv<TrainArgs> {
  return y
    .option('gold', {
      alias: 'g',
      describe: 'folder of coded charts as *.gold.json (format: fixtures/README.md)',
      type: 'string',
    })
    .option('codiesp', {
      describe: 'a CodiEsp split folder (text_files_en/, *D.tsv, *P.tsv) to train on instead',
      type: 'string',
    })
    .option('reviewed', {
      describe:
        'a reviewed batch folder whose fully decided charts count as coded charts (kept codes positive, rejected negative, added missed); repeat for several; with --gold or alone',
      type: 'string',
      array: true,
      default: [],
    })
    .option('pipeline', {
      alias: 'p',
      describe: 'pipeline whose rule stages give the candidates, built-in name or path',
      type: 'string',
      default: 'outpatient',
    })
    .option('code-store', {
      describe:
        "code-set store of imported releases (as in run); default: CHARTCODER_CODE_STORE, else the pipeline's own store, else the starter set",
      type: 'string',
    })
    .option('out', {
      alias: 'o',
      describe:
        'model file to write; default: where the pipeline\'s rank-codes "model" option points, else models/<pipeline>.model.gz beside the config',
      type: 'string',
    })
    .option('folds', { describe: 'k of the k-fold cross-validation by chart', type: 'number', default: 5 })
    .option('objective', {
      describe:
        'what choosing how many model-only codes to add maximizes: map (ranking) or f1 (the rows); default map with --codiesp, f1 with --gold',
      choices: ['map', 'f1'],
    })
    .option('quiet', { alias: 'q', describe: 'no progress on stderr', type: 'boolean', default: false })
    .example(
      '$0 train --codiesp ../shared/data/codiesp/train --pipeline codiesp',
      'the shipped CodiEsp model (pipelines/models/codiesp.model.gz)',
    )
    .example(
      '$0 train --gold coded-charts/ --pipeline my-pipeline.json',
      "a department's own coded charts",
    ) as unknown as Argv<TrainArgs>;
}

export async function trainCommand(args: TrainArgs, io: CliIo): Promise<number> {
  if (args.gold && args.codiesp) throw new ChartcoderError('USAGE', 'expected one of --gold or --codiesp, not both');
  if (!args.gold && !args.codiesp && args.reviewed.length === 0)
    throw new ChartcoderError('USAGE', 'expected --gold, --codiesp or --reviewed');
  if (!Number.isInteger(args.folds) || args.folds < 2)
    throw new ChartcoderError('USAGE', 'expected --folds to be a whole number of at least 2');
  const configFile = resolvePipelinePath(args.pipeline);
  const raw = readConfigWithout(configFile, [
    { stage: RANK_STAGE, key: 'model' },
    { stage: SCORE_STAGE, key: 'calibration' },
  ]);
  const config = parsePipelineConfig(raw.raw, configFile);
  const named = raw.removed[`${RANK_STAGE}.model`];
  const out = path.resolve(
    args.out ?? path.resolve(path.dirname(configFile), named ?? path.join('models', `${config.name}.model.gz`)),
  );
  const reviewed = await reviewedGoldOf(args.reviewed, io);
  const gold = [
    ...(args.codiesp ? loadCodiesp(args.codiesp).charts : args.gold ? loadGoldDir(args.gold) : []),
    ...reviewed,
  ];
  const codeStore = storeFor(config, args.codeStore, (system, fy) =>
    io.stderr.write(`importing ${system} FY${fy} into the pipeline's code-set store (once)\n`),
  );
  const t0 = Date.now();
  let last = '';
  let lastAt = 0;
  const result = await train({
    pipeline: configFile,
    gold,
    source: [
      ...(args.codiesp ? [`codiesp ${path.basename(path.resolve(args.codiesp))}`] : []),
      ...(args.gold ? [path.basename(path.resolve(args.gold))] : []),
      ...(reviewed.length ? [`${reviewed.length} reviewed charts`] : []),
    ].join(' + '),
    ...(codeStore ? { codeStore } : {}),
    folds: args.folds,
    objective: args.objective ?? (args.codiesp ? 'map' : 'f1'),
    truncatedProcedures: args.codiesp !== undefined,
    // CodiEsp is coded with the 2018 Spanish edition (no 7th characters, codes FY2026 splits or deletes): learn its codes as written
    corpusCodes: args.codiesp !== undefined,
    onProgress: (phase, done, total) => {
      if (args.quiet || (phase === last && Date.now() - lastAt < 5000 && done < total)) return;
      last = phase;
      lastAt = Date.now();
      io.stderr.write(
        `${JSON.stringify({ event: 'train', phase, done, total, elapsedSec: Math.round((Date.now() - t0) / 1000) })}\n`,
      );
    },
  });
  const bytes = writeModelFile(out, result.model);
  // Only a pipeline that runs this model gets the calibration refitted: another's (the built-in ones) stays as it is.
  const calibration = named && path.resolve(path.dirname(configFile), named) === out ? result.calibration : undefined;
  if (calibration) writeCalibration(calibration.file, calibration.calibration);
  io.stdout.write(
    report(
      { ...result, ...(calibration ? { calibration } : { calibration: undefined }) },
      out,
      bytes,
      (Date.now() - t0) / 1000,
    ),
  );
  if (!named)
    io.stdout.write(
      `not used yet: add a rank-codes stage after map-codes with "model": "${path.relative(path.dirname(configFile), out).split(path.sep).join('/')}" to ${configFile}\n`,
    );
  if (named && path.resolve(path.dirname(configFile), named) === out) loadPipelineConfig(configFile); // the pipeline loads with its new model and calibration
  return 0;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const prf = (p: Prf) => `P ${pct(p.precision)} R ${pct(p.recall)} F1 ${pct(p.f1)}`;

function report(r: TrainResult, out: string, bytes: number, seconds: number): string {
  const f = r.figures;
  const m = r.model;
  const line = (name: string, x: TrainResult['figures']['withModel']) =>
    `  ${name}: ${prf(x.overall)}; MAP diagnoses ${x.map.diagnoses.toFixed(3)}, procedures ${x.map.procedures.toFixed(3)}; auto ${x.auto.rows} rows at ${pct(x.auto.precision)} (${pct(x.auto.shareOfGold)} of gold)\n`;
  return (
    `trained on ${m.trainingData.charts} charts (${m.trainingData.source}; ${r.failedCharts.length} could not be coded) in ${seconds.toFixed(0)}s; code sets ${Object.entries(
      m.codeSets,
    )
      .map(([s, v]) => `${s} ${v}`)
      .join(', ')}\n` +
    `cross-validated, ${m.hyperParameters['folds']}-fold by chart (each chart scored by a model that never saw it):\n` +
    `  candidates ranked by the re-ranker: MAP diagnoses ${f.candidates.diagnoses.toFixed(3)}, procedures ${f.candidates.procedures.toFixed(3)}\n` +
    line('pipeline with the model   ', f.withModel) +
    line('pipeline without the model', f.withoutModel) +
    `chosen by cross-validation: re-ranker diagnoses ${m.hyperParameters['rankerDiagnoses']}, procedures ${m.hyperParameters['rankerProcedures']}; model-only codes added from score ${m.options.addThreshold} (at most ${m.options.maxAdded})\n` +
    `model written to ${out} (${(bytes / 1024 / 1024).toFixed(1)} MB)` +
    (r.calibration
      ? `; calibration to ${r.calibration.file} (auto threshold ${r.calibration.calibration.threshold ?? 'none'})`
      : '') +
    '\n'
  );
}
