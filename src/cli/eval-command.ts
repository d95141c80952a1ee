/** `chartcoder eval`: score a batch (or a fresh run of a pipeline) against gold charts. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Argv } from 'yargs';
import { ChartcoderError } from '../contract/errors.js';
import { evaluate } from '../evaluate/evaluate.js';
import { loadCodiesp, type CodiespGold } from '../evaluate/codiesp.js';
import { loadGoldDir, type GoldChart } from '../evaluate/gold.js';
import { readOrderFile } from '../code-systems/order-file.js';
import { readBatch } from '../evaluate/predictions.js';
import { reportHtml } from '../evaluate/report-html.js';
import { goldHash, runDetails } from '../evaluate/run-details.js';
import { compareSummary, summarize } from '../evaluate/summary.js';
import { compareEvaluations, readEvalFolder } from '../evaluate/compare.js';
import type { TitleOf } from '../evaluate/error-tables.js';
import { DEFAULT_BOOTSTRAP } from '../evaluate/figures.js';
import { defaultHccDir, loadHccMap } from '../apply-guidelines/hcc-map.js';
import type { CodeSystemId } from '../contract/chart-record.js';
import { loadStarterCodeSystem, starterSystems } from '../code-systems/starter.js';
import { readChart } from '../ingest/read-chart.js';
import { loadPipelineConfig, type PipelineConfig } from '../pipeline/config.js';
import { storeFor } from '../pipeline/pipeline-store.js';
import { runBatch, toolVersion } from '../pipeline/run-batch.js';
import { chartsTrainedOn, modelOf, withoutModel } from './eval-model.js';
import { CsvFile } from '../write-review-batch/csv-file.js';
import { decisionsEval } from './agreement-output.js';
import type { CliIo } from './io.js';
import { defaultBatchId } from '../pipeline/plan-batch.js';

export interface EvalArgs {
  gold?: string;
  codiesp?: string;
  batch?: string;
  decisions?: string;
  pipeline: string;
  codeStore?: string;
  out: string;
  compare?: string;
  seed: number;
  resamples: number;
}

export function evalCommandBuilder(y: Argv): Argv<EvalArgs> {
  return y
    .option('gold', {
      alias: 'g',
      describe: 'folder of *.gold.json files (format: fixtures/README.md)',
      type: 'string',
    })
    .option('codiesp', {
      describe: 'a CodiEsp split folder (text_files_en/, *D.tsv, *P.tsv) to use as gold instead',
      type: 'string',
    })
    .option('fy2026-cm', {
      describe: 'FY2026 ICD-10-CM order file, to count CodiEsp gold codes that no longer exist',
      type: 'string',
    })
    .option('fy2026-pcs', { describe: 'FY2026 ICD-10-PCS order file, likewise', type: 'string' })
    .option('batch', {
      alias: 'b',
      describe: 'a finished batch folder to score; without it the pipeline is run on the gold charts',
      type: 'string',
    })
    .option('decisions', {
      describe:
        "a reviewed batch folder: agreement of its suggestions with the coders' decisions, by flag reason and code (no gold needed)",
      type: 'string',
    })
    .option('pipeline', {
      alias: 'p',
      describe: 'pipeline to run when no --batch is given (each chart keeps the encounter type of its gold)',
      type: 'string',
      default: 'outpatient',
    })
    .option('code-store', {
      describe: 'code-set store of imported releases to code with when no --batch is given (as in run)',
      type: 'string',
    })
    .option('compare', {
      describe:
        'an earlier eval folder: each figure side by side with the difference and a paired bootstrap interval, and the codes and charts that changed',
      type: 'string',
    })
    .option('seed', {
      describe: 'seed of the bootstrap over charts (the same seed gives the same intervals)',
      type: 'number',
      default: DEFAULT_BOOTSTRAP.seed,
    })
    .option('resamples', {
      describe: 'bootstrap resamples for the 95% intervals',
      type: 'number',
      default: DEFAULT_BOOTSTRAP.resamples,
    })
    .option('out', {
      alias: 'o',
      describe: 'folder for the evaluation folder (metrics.json, diff.csv, report.html) and any batch it runs',
      type: 'string',
      default: 'output',
    })
    .example('$0 eval --gold fixtures/gold', 'run the outpatient pipeline on every gold chart and score it')
    .example('$0 eval --gold fixtures/gold --batch output/20261123-010000', 'score a batch already written')
    .example(
      '$0 eval --codiesp ../shared/data/codiesp/dev --pipeline inpatient',
      'the CodiEsp benchmark (English dev split)',
    )
    .example(
      '$0 eval --gold fixtures/gold --compare output/eval-20261204-220000',
      'what changed since an earlier evaluation',
    ) as unknown as Argv<EvalArgs>;
}

export async function evalCommand(
  args: EvalArgs & { fy2026Cm?: string; fy2026Pcs?: string },
  io: CliIo,
): Promise<number> {
  if (args.decisions) return decisionsEval(args.decisions, args.out, defaultBatchId(), io);
  if (!args.gold === !args.codiesp)
    throw new ChartcoderError('USAGE', 'expected exactly one of --gold, --codiesp or --decisions');
  if (!Number.isInteger(args.resamples) || args.resamples < 1 || !Number.isInteger(args.seed)) {
    throw new ChartcoderError(
      'USAGE',
      `expected whole numbers for --seed and --resamples (at least 1), found ${args.seed} and ${args.resamples}`,
    );
  }
  const earlier = args.compare ? readEvalFolder(args.compare) : undefined;
  const codiesp = args.codiesp
    ? loadCodiesp(
        args.codiesp,
        args.fy2026Cm && args.fy2026Pcs
          ? { icd10cm: readOrderFile(args.fy2026Cm), icd10pcs: readOrderFile(args.fy2026Pcs) }
          : undefined,
      )
    : undefined;
  const gold = codiesp ? codiesp.charts : loadGoldDir(args.gold!);
  const id = defaultBatchId();
  const config = args.batch ? undefined : loadPipelineConfig(args.pipeline);
  const codeStore = config
    ? storeFor(config, args.codeStore, (system, fy) =>
        io.stderr.write(`importing ${system} FY${fy} into the pipeline's code-set store (once)\n`),
      )
    : undefined;
  const model = config ? modelOf(config) : undefined;
  const trainedOn = model ? await chartsTrainedOn(model, gold) : undefined;
  // Without the model on this thread (workers: 0): workers read the config file, which names the model.
  const runs: { label: string; config?: PipelineConfig }[] = !config
    ? [{ label: '' }]
    : model
      ? [
          ...(trainedOn!.trained === 0 ? [{ label: '', config }] : []),
          { label: 'without-model', config: withoutModel(config) },
        ]
      : [{ label: '', config }];
  for (const run of runs) {
    if (run.label)
      io.stdout.write(`\n${run.label === 'without-model' ? 'the same pipeline without its model:' : run.label}\n`);
    const batchDir = run.config
      ? (
          await runBatch({
            config: run.config,
            inputs: goldInputs(gold),
            ...(run.label === 'without-model' ? { workers: 0 } : {}),
            outDir: args.out,
            batchId: `eval-run-${id}${run.label ? `-${run.label}` : ''}`,
            ...(codeStore ? { codeStore } : {}),
          })
        ).dir
      : args.batch!;
    await scoreBatch(
      { gold, batchDir, codiesp, earlier, dir: path.join(args.out, `eval-${id}${run.label ? `-${run.label}` : ''}`) },
      args,
      io,
    );
  }
  if (trainedOn && trainedOn.trained > 0) {
    io.stdout.write(
      `\nwith the model: not reported: ${trainedOn.trained} of the ${gold.length} gold charts trained it, and a model scored on its own training charts flatters itself.\n` +
        `its cross-validated figures (chartcoder train, k-fold by chart): ${JSON.stringify(trainedOn.crossValidated)}\n`,
    );
  }
  return 0;
}

const goldInputs = (gold: GoldChart[]) =>
  gold.map((g) => ({
    id: g.chartId,
    path: g.file,
    encounterType: g.encounterType,
    ...(g.dateOfService ? { dateOfService: g.dateOfService } : {}),
  }));

interface Scoring {
  gold: GoldChart[];
  batchDir: string;
  codiesp: CodiespGold | undefined;
  earlier: ReturnType<typeof readEvalFolder> | undefined;
  dir: string;
}

/** Score one batch against gold and write its evaluation folder (metrics.json, chart-counts.json, diff.csv, report.html). */
async function scoreBatch(
  { gold, batchDir, codiesp, earlier, dir }: Scoring,
  args: EvalArgs,
  io: CliIo,
): Promise<void> {
  const batch = readBatch(batchDir);
  const texts = new Map<string, string>();
  for (const [chartId, c] of batch.charts) {
    if (c.status !== 'ok') continue;
    texts.set(
      chartId,
      (await readChart(c.path, { maxBytes: 50 * 1024 * 1024, maxPages: 1000 }).catch(() => undefined))?.text ?? '',
    );
  }
  const bootstrap = { seed: args.seed, resamples: args.resamples };
  const goldSource = { dir: args.gold ?? args.codiesp!, hash: goldHash(gold) };
  const hccDir = (d: string | null) => d ?? defaultHccDir();
  const preliminary = runDetails(batchDir, goldSource, toolVersion, {
    ...bootstrap,
    unit: 'chart',
    charts: gold.length,
  });
  const hccFolder = hccDir(preliminary.hccData);
  const report = evaluate(gold, batch, (chartId) => texts.get(chartId), {
    bootstrap,
    titleOf: starterTitles(),
    ...(hccFolder ? { hcc: loadHccMap(hccFolder) } : {}),
  });
  const details = { ...preliminary, bootstrap: report.bootstrap };
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    throw new ChartcoderError('OUTPUT_NOT_WRITABLE', 'cannot create the evaluation folder', dir);
  }
  const { diff, chartCounts, ...metrics } = report;
  const comparison = earlier ? compareEvaluations(earlier, { details, chartCounts, diff }, bootstrap) : undefined;
  const source = {
    gold: path.resolve(args.gold ?? args.codiesp!),
    batch: path.resolve(batchDir),
    ...(codiesp?.notInFy2026 ? { goldNotInFy2026: codiesp.notInFy2026 } : {}),
  };
  const json = (name: string, value: unknown) =>
    writeFileSync(path.join(dir, name), `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  json('metrics.json', { ...source, run: details, ...metrics, ...(comparison ? { comparison } : {}) });
  json('chart-counts.json', {
    $comment:
      'Per-chart counts every rate is a ratio of (keys: src/evaluate/chart-counts.ts); eval --compare reads them',
    bootstrap: report.bootstrap,
    charts: chartCounts,
  });
  const csv = new CsvFile(path.join(dir, 'diff.csv'), [
    'chart_id',
    'kind',
    'system',
    'gold_code',
    'predicted_code',
    'confidence',
    'status',
  ]);
  for (const row of diff) await csv.write({ ...row });
  await csv.close();
  const summary = summarize(report);
  writeFileSync(
    path.join(dir, 'report.html'),
    await reportHtml(report, { summary, details, ...(comparison ? { comparison } : {}) }),
    { mode: 0o600 },
  );
  io.stdout.write(summary);
  if (codiesp?.notInFy2026) {
    const n = codiesp.notInFy2026;
    io.stdout.write(
      `gold codes not in FY2026: ${n.total} (ICD-10-CM ${n.icd10cm}, ICD-10-PCS ${n.icd10pcs}); they can never be matched\n`,
    );
  }
  if (comparison) io.stdout.write(compareSummary(comparison));
  io.stdout.write(`written to ${dir} (metrics.json, chart-counts.json, diff.csv, report.html); batch ${batchDir}\n`);
}

/** Titles of the embedded starter set, for error tables and near-miss kinds of codes the batch never suggested. */
function starterTitles(): TitleOf {
  const systems = new Map(starterSystems.map((s) => [s, loadStarterCodeSystem(s)]));
  return (system, code) => systems.get(system as CodeSystemId)?.lookup(code)?.title;
}
