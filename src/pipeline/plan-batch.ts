/**
 * What a `run` will do with a batch folder, decided before any chart is coded: a new batch (its inputs,
 * pipeline, code store and output formats recorded in run.json, and the charts listed in inputs.jsonl, when the folder
 * is made) or the resume of an interrupted one (the same charts, pipeline, store and formats read back, and a changed
 * pipeline refused), or
 * nothing for a batch already complete. The CLI only parses arguments and prints; this owns the rules.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { STORE_ENV, storeReleases } from '../code-systems/store.js';
import { ChartcoderError } from '../contract/errors.js';
import { listInputs, type ChartInput } from '../ingest/list-inputs.js';
import { loadPipelineConfig, type PipelineConfig } from './config.js';
import { storeFor } from './pipeline-store.js';
import { batchPaths, readInputList, readRunSpec, writeRunSpec, type RunSpec } from '../batch/batch-folder.js';
import { parseFormats } from '../write-review-batch/formats.js';
import type { FormatName } from '../write-review-batch/output-format.js';

export interface BatchRequest {
  out: string;
  /** Chart files and folders (new batch only). */
  inputs: string[];
  manifest?: string;
  pipeline: string;
  batchId?: string;
  /** The id of an interrupted batch to go on with. */
  resume?: string;
  codeStore?: string;
  /** Told when the pipeline's own code-set store is imported from the official files (the first run is slower). */
  onImport?: (system: string, fy: number) => void;
  /** Output formats as `--format` gives them (`csv,jsonl,fhir`; new batch only). */
  format?: string;
}

export interface BatchPlan {
  batchId: string;
  config: PipelineConfig;
  inputs: ChartInput[];
  resume: boolean;
  codeStore?: string;
  /** Output formats of the batch (absent: the sink's default, CSV). */
  formats?: FormatName[];
  /** Records how to resume in the new batch folder `dir` before it is put in place (nothing to do on a resume). */
  onStart: (dir: string) => Promise<void>;
}

export function defaultBatchId(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

export function planBatch(req: BatchRequest): BatchPlan {
  const batchId = req.resume ?? req.batchId ?? defaultBatchId();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(batchId)) {
    throw new ChartcoderError('USAGE', 'expected a batch id of letters, digits, ".", "_" and "-" only');
  }
  const paths = batchPaths(req.out, batchId);
  const resuming = req.resume !== undefined;
  const resumable = resuming && !existsSync(paths.final);
  if (resuming && (req.inputs.length > 0 || req.manifest || req.batchId || req.format !== undefined)) {
    throw new ChartcoderError(
      'USAGE',
      '--resume takes the inputs, pipeline and formats of the interrupted batch; give no inputs, --manifest, --batch-id or --format with it',
    );
  }
  const formats = req.format === undefined ? undefined : parseFormats(req.format);
  const codeStore = req.codeStore ?? process.env[STORE_ENV];
  const spec: RunSpec = resumable
    ? readRunSpec(paths)
    : {
        inputs: req.inputs.map((i) => path.resolve(i)),
        ...(req.manifest ? { manifest: path.resolve(req.manifest) } : {}),
        pipeline: req.pipeline,
        configSha256: '',
        ...(codeStore ? { codeStore: path.resolve(codeStore) } : {}),
        ...(formats ? { formats } : {}),
      };
  if (!resuming) {
    if (spec.inputs.length === 0 && !spec.manifest)
      throw new ChartcoderError('USAGE', 'expected chart files, folders or --manifest');
    if (spec.inputs.length > 0 && spec.manifest)
      throw new ChartcoderError('USAGE', 'give chart files/folders or --manifest, not both');
  }
  const config = loadPipelineConfig(spec.pipeline);
  // No store given: the pipeline's own, if it names one (imported from the official files the first time).
  if (!resumable && !spec.codeStore) {
    const own = storeFor(config, undefined, req.onImport);
    if (own) spec.codeStore = own;
  }
  if (resumable && spec.configSha256 !== config.hash) {
    throw new ChartcoderError(
      'CONFIG_BAD_VALUE',
      'the pipeline config or its rules changed since the batch started; resume needs the same config',
      config.file,
    );
  }
  // The releases the store offers: recorded in run.json, and a resume refuses a store that changed since (one batch,
  // one set of releases). Batches from before this record have none and are not checked.
  const codeSets = storeReleases(spec.codeStore, config.codeSystems);
  if (resumable && spec.codeSets && JSON.stringify(spec.codeSets) !== JSON.stringify(codeSets)) {
    throw new ChartcoderError(
      'CODESET_INVALID',
      `the code-set releases changed since the batch started (then ${releaseList(spec.codeSets)}, now ${releaseList(codeSets)}); resume needs the same releases`,
      spec.codeStore,
    );
  }
  // A resume codes the charts listed when the batch started (recorded then), not what the folders hold now.
  const listed = resumable ? (readInputList(paths) as ChartInput[] | undefined) : undefined;
  const inputs =
    resuming && !resumable
      ? []
      : (listed ?? listInputs(spec.inputs, { ...(spec.manifest ? { manifest: spec.manifest } : {}), skip: [req.out] })); // earlier batches are no charts
  return {
    batchId,
    config,
    inputs,
    resume: resuming,
    ...(spec.codeStore ? { codeStore: spec.codeStore } : {}),
    // Read back from run.json: checked again, so an edited file is a usage error rather than a batch without its files.
    ...(spec.formats ? { formats: parseFormats(spec.formats.join(',')) } : {}),
    onStart: (dir) =>
      resuming ? Promise.resolve() : writeRunSpec(dir, { ...spec, configSha256: config.hash, codeSets }, inputs),
  };
}

const releaseList = (sets: Record<string, string[]>) =>
  Object.entries(sets)
    .map(([system, versions]) => `${system} ${versions.join(', ')}`)
    .join('; ');
