/**
 * Load and validate a pipeline config before any chart is read. An unknown stage, an unknown
 * option or a bad value is a coded error naming the file and the key; stage order is checked
 * against what each stage requires and produces.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ChartRecord, CodeSystemId, EncounterType } from '../contract/chart-record.js';
import { ChartcoderError } from '../contract/errors.js';
import { readJson, type JsonFileKind } from '../contract/json-file.js';
import { pipelinesDir } from '../contract/paths.js';
import { loadSectionGroups, shippedSectionGroups, type SectionGroups } from '../contract/section-groups.js';
import { loadWordForms, shippedWordForms, type WordForms } from '../text/word-forms.js';
import { pipelineStoreSchema, resolvePipelineStore, type PipelineStore } from './pipeline-store.js';
import { stageRegistry } from './registry.js';
import type { AnySinkStage, AnyStage } from '../contract/stage.js';

const configSchema = z
  .object({
    $comment: z.string().optional(),
    name: z.string().regex(/^[a-z0-9-]+$/),
    description: z.string().default(''),
    encounterType: z.enum(['outpatient', 'inpatient']),
    codeSystems: z.array(z.enum(['icd10cm', 'icd10pcs', 'cpt', 'hcpcs'])).min(1),
    codeStore: pipelineStoreSchema.optional(),
    stages: z.array(
      z
        .object({ stage: z.string(), why: z.string().min(1), options: z.record(z.string(), z.unknown()).default({}) })
        .strict(),
    ),
  })
  .strict();

export interface ConfiguredStage {
  stage: AnyStage;
  options: unknown;
  why: string;
}

export interface PipelineConfig {
  file: string;
  name: string;
  description: string;
  encounterType: EncounterType;
  codeSystems: CodeSystemId[];
  stages: ConfiguredStage[];
  /** The store this pipeline codes with when no other is given, and the official files it is imported from (paths absolute). */
  codeStore?: PipelineStore;
  /** sha256 of the resolved config (defaults filled in), recorded in the manifest. */
  hash: string;
  resolved: unknown;
}

/** The pipeline's sink: its last stage (checkOrder makes it so), named in this one place. */
export function sinkOf(config: PipelineConfig): { stage: AnySinkStage; options: unknown } {
  const last = config.stages.at(-1)!;
  return { stage: last.stage as AnySinkStage, options: last.options };
}

/**
 * The rules file a stage of the config names by its `key` option, loaded; the shipped one when the config has
 * no such stage or names none. For the offline tools that compute a stage's features outside it (calibrate, train).
 */
function stageRules<T>(
  config: PipelineConfig,
  stage: string,
  key: string,
  load: (file: string) => T,
  shipped: () => T,
): T {
  const options = config.stages.find((s) => s.stage.name === stage)?.options as Record<string, unknown> | undefined;
  const file = options?.[key];
  return typeof file === 'string' && file !== '' ? load(file) : shipped();
}

/** The section groups `stage` reads (its `sectionGroups` option). */
export const stageSectionGroups = (config: PipelineConfig, stage: string): SectionGroups =>
  stageRules(config, stage, 'sectionGroups', loadSectionGroups, shippedSectionGroups);

/** The word forms `stage` reads (its `wordForms` option). */
export const stageWordForms = (config: PipelineConfig, stage: string): WordForms =>
  stageRules(config, stage, 'wordForms', loadWordForms, shippedWordForms);

/** Rules files the built-in pipelines ship: a copy of a built-in config keeps finding them until it has its own. */
const BUILT_IN_DATA = new Set([
  'rules',
  'calibration',
  'abbreviations',
  'medications',
  'bareTerms',
  'pcsCompose',
  'attributeCues',
  'flexibleMatch',
  'sentenceBreaks',
  'wordForms',
  'sectionGroups',
  'model',
]);

/** Option keys whose relative paths are resolved against the config file's folder (and whose bytes the config hash covers). */
const PATH_OPTIONS = new Set([...BUILT_IN_DATA, 'cacheDir', 'hccData']);

/** A relative path resolves beside the config; for shipped data missing there, in the built-in pipelines folder. */
function resolveOptionPath(file: string, key: string, p: string): string {
  const beside = path.resolve(path.dirname(file), p);
  if (path.isAbsolute(p) || !BUILT_IN_DATA.has(key) || existsSync(beside)) return beside;
  const builtIn = path.resolve(pipelinesDir, p);
  return existsSync(builtIn) ? builtIn : beside;
}

/** A bare name (`outpatient`) is a built-in pipeline; anything else is a path. */
export function resolvePipelinePath(nameOrPath: string): string {
  if (/^[a-z0-9-]+$/.test(nameOrPath) && !existsSync(nameOrPath)) return path.join(pipelinesDir, `${nameOrPath}.json`);
  return path.resolve(nameOrPath);
}

/** How a pipeline config file fails to read (its schema errors are told apart below: unknown keys, bad values). */
export const pipelineConfigKind: JsonFileKind = {
  what: 'a pipeline config',
  missing: 'CONFIG_NOT_FOUND',
  unreadable: 'CONFIG_INVALID_JSON',
  invalid: 'CONFIG_BAD_VALUE',
};

export function loadPipelineConfig(nameOrPath: string): PipelineConfig {
  const file = resolvePipelinePath(nameOrPath);
  return parsePipelineConfig(readJson(file, pipelineConfigKind), file);
}

/** Validate a config already read (`chartcoder calibrate` adjusts one before it is validated); paths resolve against `file`. */
export function parsePipelineConfig(raw: unknown, file: string): PipelineConfig {
  // Read by the one JSON reader (readJson above), checked here rather than by its parseJson: a config's schema
  // errors are told apart (an unknown key is CONFIG_UNKNOWN_OPTION), and `calibrate` adjusts a config before this.
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw zodToConfigError(parsed.error, file, '');
  const cfg = parsed.data;
  const stages = cfg.stages.map((s, i) => configureStage(s, i, file));
  checkOrder(stages, file);
  checkStageFiles(stages, file);
  const resolved = { ...cfg, stages: stages.map((s) => ({ stage: s.stage.name, why: s.why, options: s.options })) };
  // The data files' bytes count too: rules edited between a crash and its resume must not mix two rule versions in one batch.
  const hash = createHash('sha256').update(JSON.stringify(resolved));
  for (const s of stages) for (const f of dataFiles(s.options)) hash.update(`\0${f}\0`).update(readFileSync(f));
  const codeStore = cfg.codeStore ? resolvePipelineStore(cfg.codeStore, file) : undefined;
  return {
    file,
    name: cfg.name,
    description: cfg.description,
    encounterType: cfg.encounterType,
    codeSystems: cfg.codeSystems,
    stages,
    hash: hash.digest('hex'),
    resolved,
    ...(codeStore ? { codeStore } : {}),
  };
}

/** The files a stage's options name (rules, calibration, model), by the same keys whose paths are resolved. */
function dataFiles(options: unknown): string[] {
  const named = Object.entries(options as Record<string, unknown>).filter(
    ([k, v]) => PATH_OPTIONS.has(k) && typeof v === 'string',
  );
  return named.map(([, v]) => v as string).filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile());
}

function configureStage(
  s: { stage: string; why: string; options: Record<string, unknown> },
  i: number,
  file: string,
): ConfiguredStage {
  const stage = stageRegistry.get(s.stage);
  if (!stage) {
    throw new ChartcoderError(
      'CONFIG_UNKNOWN_STAGE',
      `expected one of ${[...stageRegistry.keys()].join(', ')}, found "${s.stage}"`,
      `${file}: stages[${i}].stage`,
    );
  }
  const opts = { ...s.options };
  for (const key of PATH_OPTIONS) {
    if (typeof opts[key] === 'string') opts[key] = resolveOptionPath(file, key, opts[key] as string);
  }
  const parsed = stage.options.safeParse(opts);
  if (!parsed.success) throw zodToConfigError(parsed.error, file, `stages[${i}].options`);
  return { stage, options: parsed.data, why: s.why };
}

function zodToConfigError(err: z.ZodError, file: string, prefix: string): ChartcoderError {
  const issue = err.issues[0]!;
  const at = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = [at, issue.keys[0]].filter(Boolean).join('.');
    return new ChartcoderError('CONFIG_UNKNOWN_OPTION', `unknown key "${issue.keys[0]}"`, `${file}: ${key}`);
  }
  return new ChartcoderError('CONFIG_BAD_VALUE', issue.message, `${file}: ${at || '(root)'}`);
}

/** Each stage's data files, read and validated now: a bad rules file fails the run before its first chart. */
function checkStageFiles(stages: ConfiguredStage[], file: string): void {
  stages.forEach(({ stage, options }, i) => {
    if (stage.kind !== 'chart' || !stage.check) return;
    try {
      stage.check(options);
    } catch (e) {
      if (e instanceof ChartcoderError) throw e;
      // A pattern that does not compile (SyntaxError): name the stage, never the pattern's text.
      throw new ChartcoderError(
        'CONFIG_BAD_VALUE',
        `a data file of stage ${stage.name} is not valid (${(e as Error).name})`,
        `${file}: stages[${i}].options`,
      );
    }
  });
}

/** Fields a fresh record has before any stage runs. */
const INITIAL: (keyof ChartRecord)[] = ['id', 'encounter', 'issues', 'trace'];

function checkOrder(stages: ConfiguredStage[], file: string): void {
  const have = new Set<keyof ChartRecord>(INITIAL);
  stages.forEach(({ stage }, i) => {
    const missing = stage.requires.filter((r) => !have.has(r));
    if (missing.length > 0) {
      throw new ChartcoderError(
        'CONFIG_STAGE_ORDER',
        `stage ${stage.name} needs ${missing.join(', ')} from an earlier stage`,
        `${file}: stages[${i}]`,
      );
    }
    const isLast = i === stages.length - 1;
    if ((stage.kind === 'sink') !== isLast) {
      throw new ChartcoderError(
        'CONFIG_STAGE_ORDER',
        isLast
          ? 'the last stage must write the batch (write-review-batch)'
          : `stage ${stage.name} writes the batch and must be last`,
        `${file}: stages[${i}]`,
      );
    }
    for (const p of stage.produces) have.add(p);
  });
  if (stages.length === 0)
    throw new ChartcoderError('CONFIG_STAGE_ORDER', 'expected at least one stage', `${file}: stages`);
}
