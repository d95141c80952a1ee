/** `chartcoder calibrate`: fit score-confidence on gold charts and store the fit beside the pipeline config. */
import path from 'node:path';
import type { Argv } from 'yargs';
import { ChartcoderError } from '../contract/errors.js';
import { calibrate, writeCalibration, type CalibrateResult } from '../calibrate/calibrate.js';
import type { Method } from '../calibrate/fit-model.js';
import { loadGoldDir } from '../evaluate/gold.js';
import type { CliIo } from './io.js';
import { reviewedGoldOf } from './reviewed-gold-input.js';

export interface CalibrateArgs {
  gold?: string;
  reviewed: string[];
  pipeline: string[];
  method: Method;
  targetPrecision: number;
  folds: number;
  l2: number;
  dryRun: boolean;
}

export function calibrateCommandBuilder(y: Argv): Argv<CalibrateArgs> {
  return y
    .option('gold', {
      alias: 'g',
      describe: 'folder of *.gold.json files to fit on (format: fixtures/README.md)',
      type: 'string',
    })
    .option('reviewed', {
      describe:
        'a reviewed batch folder whose fully decided charts count as gold (kept codes positive, rejected negative, added missed); repeat for several',
      type: 'string',
      array: true,
      default: [],
    })
    .option('pipeline', {
      alias: 'p',
      describe:
        'pipeline(s) to calibrate, built-in name or path to a pipeline JSON; repeat for several. The fit goes where the score-confidence "calibration" option points (else calibration/<name>.json beside the config)',
      type: 'string',
      array: true,
      default: ['outpatient', 'inpatient'],
      defaultDescription: 'outpatient and inpatient',
    })
    .option('method', {
      alias: 'm',
      describe: 'logistic: fitted weights only; isotonic: a monotone map on top, fitted on out-of-fold scores',
      choices: ['logistic', 'isotonic'],
      default: 'logistic',
    })
    .option('target-precision', {
      describe:
        'the auto threshold is the lowest confidence whose auto rows reach this precision on gold (on the fitted scores, and on them pooled with out-of-fold scores)',
      type: 'number',
      default: 0.95,
    })
    .option('folds', {
      describe: 'k of the k-fold cross-validation by chart (figures to expect on new charts)',
      type: 'number',
      default: 5,
    })
    .option('l2', {
      describe: 'L2 penalty pulling the weights towards the documented prior (larger: closer to the prior)',
      type: 'number',
      default: 3,
    })
    .option('dry-run', { describe: 'print the figures, write nothing', type: 'boolean', default: false })
    .example(
      '$0 calibrate --gold fixtures/gold',
      'fit both built-in pipelines on the gold fixtures; writes pipelines/calibration/outpatient.json and inpatient.json',
    )
    .example(
      '$0 calibrate --gold fixtures/gold --method isotonic --target-precision 0.98',
      'a stricter threshold with an isotonic map',
    )
    .epilogue(
      'Deterministic: the same gold, code and config write the same file. Rerun it after any change to the pipeline, its rules or the gold charts, then check with "chartcoder eval --gold <folder>".',
    ) as unknown as Argv<CalibrateArgs>;
}

export async function calibrateCommand(args: CalibrateArgs, io: CliIo): Promise<number> {
  if (!(args.targetPrecision > 0 && args.targetPrecision <= 1))
    throw new ChartcoderError('USAGE', 'expected --target-precision above 0 and at most 1');
  if (!Number.isInteger(args.folds) || args.folds < 2)
    throw new ChartcoderError('USAGE', 'expected --folds to be a whole number of at least 2');
  if (!(args.l2 > 0)) throw new ChartcoderError('USAGE', 'expected --l2 above 0');
  if (!args.gold && args.reviewed.length === 0) throw new ChartcoderError('USAGE', 'expected --gold or --reviewed');
  const gold = [...(args.gold ? loadGoldDir(args.gold) : []), ...(await reviewedGoldOf(args.reviewed, io))];
  const goldDir = args.gold ?? args.reviewed[0]!;
  for (const pipeline of args.pipeline) {
    const result = await calibrate({
      pipeline,
      gold,
      goldDir,
      goldKind: args.gold ? 'gold' : 'reviewed',
      method: args.method,
      targetPrecision: args.targetPrecision,
      folds: args.folds,
      l2: args.l2,
    });
    io.stdout.write(report(result));
    if (args.dryRun) {
      io.stdout.write('dry run: nothing written\n');
      continue;
    }
    writeCalibration(result.file, result.calibration);
    io.stdout.write(`written to ${result.file}\n`);
    if (!result.referenced) {
      const rel = path.relative(path.dirname(result.configFile), result.file).split(path.sep).join('/');
      io.stdout.write(
        `not used yet: add "calibration": "${rel}" to the score-confidence options of ${result.configFile}\n`,
      );
    }
  }
  return 0;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function report(r: CalibrateResult): string {
  const c = r.calibration;
  const f = c.figures;
  const row = (label: string, x: typeof f.prior) =>
    `  ${label.padEnd(36)} ${x.ece.toFixed(3).padStart(5)}  ${String(x.autoRows).padStart(9)}  ${pct(x.autoPrecision).padStart(14)}  ${`${x.goldFoundAsAuto} (${pct(x.shareOfGold)})`.padStart(18)}`;
  const lines = [
    `calibrate ${c.pipeline}: ${c.fittedOn.charts} gold charts${r.failedCharts.length ? ` (${r.failedCharts.length} failed: ${r.failedCharts.join(', ')})` : ''}, ${c.fittedOn.suggestions} suggestions (${c.fittedOn.correct} correct), ${c.fittedOn.goldCodes} gold codes`,
    `method ${c.method}, L2 ${c.l2}, target precision ${pct(c.targetPrecision)}`,
    `  ${''.padEnd(36)} ${'ECE'.padStart(5)}  ${'auto rows'.padStart(9)}  ${'auto precision'.padStart(14)}  ${'gold found as auto'.padStart(18)}`,
    row(`before (${r.beforeSource})`, r.before),
    row('after, in-sample', f.inSample),
    row(`after, cross-validated (${c.fittedOn.folds}-fold)`, f.crossValidated),
    c.threshold === null
      ? `threshold: none reaches ${pct(c.targetPrecision)} precision: nothing will be auto`
      : `threshold: ${c.threshold.toFixed(3)} (lowest confidence whose auto rows reach ${pct(c.targetPrecision)} precision on the fitted scores, and on them pooled with out-of-fold scores)`,
    'in-sample figures are measured on the charts the fit was made on and flatter it; the cross-validated row (each fold scored by a fit that never saw its charts) is what to expect on new charts',
  ];
  return `${lines.join('\n')}\n`;
}
