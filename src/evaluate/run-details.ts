/**
 * What produced the figures, so two evaluations can be told apart: the pipeline and a hash of its
 * resolved config, the code-set releases, any model a stage loaded, the chartcoder version that coded
 * the batch and the one that scored it, the auto threshold and precision target in force, and how the
 * intervals were drawn. Read from the batch's manifest.json (and the calibration file it names).
 * Example: { pipeline: 'outpatient', configHash: '3f…', codeSets: { icd10cm: ['starter-fy2026'] }, … }
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BootstrapOptions } from './bootstrap.js';

export interface RunDetails {
  batch: string;
  gold: string;
  /** sha256 of the gold as scored (charts, codes, pointers, first-listed, traps): a changed gold explains changed figures. */
  goldHash: string;
  pipeline: string | null;
  pipelineFile: string | null;
  /** sha256 of the resolved pipeline config (every default filled in), as the batch's manifest records it. */
  configHash: string | null;
  /** The HCC map folder apply-guidelines read (null: none). */
  hccData: string | null;
  codeSets: Record<string, string[]> | null;
  /** Stages that loaded a model file or a chat model: stage → what. */
  models: Record<string, string>;
  codedWith: string | null;
  scoredWith: string;
  batchFinishedAt: string | null;
  autoThreshold: number | null;
  precisionTarget: number | null;
  bootstrap: BootstrapOptions & { unit: string; charts: number };
}

type Json = Record<string, unknown>;
const obj = (x: unknown): Json => (x && typeof x === 'object' ? (x as Json) : {});
const str = (x: unknown): string | null => (typeof x === 'string' ? x : null);

/** Stable JSON: keys sorted, so the hash does not depend on the order the gold was written in. */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (x && typeof x === 'object')
    return `{${Object.keys(x)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((x as Json)[k])}`)
      .join(',')}}`;
  return JSON.stringify(x) ?? 'null';
}

function stageOptions(config: Json, name: string): Json | undefined {
  const stages = Array.isArray(config.stages) ? (config.stages as Json[]) : [];
  return stages.map(obj).find((s) => s.stage === name)?.options as Json | undefined;
}

/** The auto threshold and precision target score-confidence ran with: its override, else its calibration file's. */
function thresholds(config: Json): { autoThreshold: number | null; precisionTarget: number | null } {
  const opts = obj(stageOptions(config, 'score-confidence'));
  // The manifest records the calibration as { file, sha256 }; a hand-written config may give the path alone.
  const file = str(opts.calibration) ?? str(obj(opts.calibration).file);
  const fit = file && existsSync(file) ? obj(safeJson(file)) : {};
  const threshold =
    typeof opts.autoThreshold === 'number'
      ? opts.autoThreshold
      : typeof fit.threshold === 'number'
        ? fit.threshold
        : null;
  return {
    autoThreshold: threshold,
    precisionTarget: typeof fit.targetPrecision === 'number' ? fit.targetPrecision : null,
  };
}

function safeJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function modelsOf(config: Json, reports: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of (Array.isArray(config.stages) ? config.stages : []).map(obj)) {
    const model = str(obj(s.options).model);
    if (model) out[String(s.stage)] = path.basename(model);
  }
  const so = obj(obj(reports['second-opinion']).model);
  const named = [str(so.class), str(so.name)].filter(Boolean).join(' ');
  if (named) out['second-opinion'] = named;
  return out;
}

/** A hash of the gold content that scoring reads (file paths left out: the same gold elsewhere hashes the same). */
export function goldHash(
  gold: { chartId: string; documentType: string; firstListed?: string; codes: unknown[]; notCoded?: unknown[] }[],
): string {
  const content = gold.map((g) => ({
    id: g.chartId,
    type: g.documentType,
    first: g.firstListed ?? null,
    codes: g.codes,
    traps: g.notCoded ?? [],
  }));
  return createHash('sha256').update(canonical(content)).digest('hex');
}

export function runDetails(
  batchDir: string,
  gold: { dir: string; hash: string },
  scoredWith: string,
  bootstrap: RunDetails['bootstrap'],
): RunDetails {
  const manifest = obj(safeJson(path.join(batchDir, 'manifest.json')));
  const pipeline = obj(manifest.pipeline);
  const config = obj(pipeline.config);
  const used = obj(obj(manifest.codeSets).used);
  return {
    batch: path.resolve(batchDir),
    gold: path.resolve(gold.dir),
    goldHash: gold.hash,
    pipeline: str(pipeline.name),
    pipelineFile: str(pipeline.file),
    configHash: str(pipeline.sha256),
    hccData: str(obj(stageOptions(config, 'apply-guidelines')).hccData),
    codeSets: Object.keys(used).length ? (used as Record<string, string[]>) : null,
    models: modelsOf(config, obj(manifest.stageReports)),
    codedWith: str(obj(manifest.tool).version),
    scoredWith,
    batchFinishedAt: str(manifest.finishedAt),
    ...thresholds(config),
    bootstrap,
  };
}
