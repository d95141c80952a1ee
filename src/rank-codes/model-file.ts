/**
 * The model file `chartcoder train` writes and rank-codes reads: gzip-compressed JSON with a
 * versioned format, the pipeline and code-set releases it was trained with, the training data's
 * hash (and each training chart's text hash, so `eval` can refuse to score a model on its own
 * training charts), the feature list, the options and hyper-parameters chosen by cross-validation,
 * the cross-validated figures, and the learned parts; the re-rankers are `linear` (logistic
 * regression weights by feature name) or `trees` (a boosted ensemble as flat arrays). Format `/1`
 * files, whose rankers were always linear, are still read. Number arrays are stored as base64 of their
 * typed arrays: a few MB load in a fraction of a second.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { ChartcoderError } from '../contract/errors.js';
import { parseJson, readJson, type JsonFileKind } from '../contract/json-file.js';

export const MODEL_FORMAT = 'chartcoder-rank-model/2';
/** The first format: one logistic regression per kind, `{ weights }`. Still read, as linear rankers. */
export const MODEL_FORMAT_V1 = 'chartcoder-rank-model/1';

const b64 = z.string();
const ranker = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('linear'), weights: z.record(z.string(), z.number()) }).strict(),
  z
    .object({
      kind: z.literal('trees'),
      base: z.number(),
      depth: z.number().int().min(1).max(8),
      trees: z.number().int().min(0),
      /** Int32 indices into `features`, per tree its 2^depth - 1 internal nodes. */
      feature: b64,
      /** Float32, same layout. */
      threshold: b64,
      /** Float32, per tree its 2^depth leaves. */
      leaf: b64,
    })
    .strict(),
]);

export const modelSchema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    pipeline: z.string(),
    codeSets: z.record(z.string(), z.string()),
    trainingData: z
      .object({ source: z.string(), charts: z.number(), sha256: z.string(), chartSha256: z.array(z.string()) })
      .strict(),
    features: z.array(z.string()),
    options: z
      .object({
        neighbours: z.number().int().positive(),
        textTop: z.number().int().positive(),
        truncatedProcedures: z.boolean(),
        /** Training labels the code set in force does not bill are candidates too (absent before 2026-12-06: false). */
        corpusCodes: z.boolean().optional(),
        addThreshold: z.number(),
        maxAdded: z.number().int().min(0),
      })
      .strict(),
    hyperParameters: z.record(z.string(), z.union([z.number(), z.string()])),
    metrics: z.record(z.string(), z.unknown()),
    vocabulary: z.object({ terms: z.array(z.string()), idf: b64 }).strict(),
    text: z.array(z.object({ label: z.string(), bias: z.number(), idx: b64, w: b64 }).strict()),
    neighbours: z.object({ labels: z.array(z.array(z.string())), idx: z.array(b64), val: z.array(b64) }).strict(),
    frequency: z.record(z.string(), z.number()),
    /** Per code the rules proposed on training charts: [charts proposed on, of which the coder assigned it]. Absent in `/1`. */
    ruleOutcomes: z.record(z.string(), z.tuple([z.number(), z.number()])).optional(),
    rankers: z.object({ diagnosis: ranker, procedure: ranker }).strict(),
  })
  .strict();

export type ModelFile = z.infer<typeof modelSchema>;
export type RankerFile = z.infer<typeof ranker>;

export const toB64 = (a: Int32Array | Float32Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

export function int32Of(s: string): Int32Array {
  const b = Buffer.from(s, 'base64');
  return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

export function float32Of(s: string): Float32Array {
  const b = Buffer.from(s, 'base64');
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** How a model file fails to read: a config error, as the option that names it. */
const modelKind: JsonFileKind = {
  what: 'a model file',
  missing: 'CONFIG_NOT_FOUND',
  unreadable: 'CONFIG_BAD_VALUE',
  invalid: 'CONFIG_BAD_VALUE',
  hint: 'write one with "chartcoder train"',
  gzip: true,
};

export function readModelFile(file: string): ModelFile {
  let raw = readJson(file, modelKind);
  // The format first: a model of an older format fails the schema anyway, but "train it again" is the fix to say.
  const format = (raw as { format?: unknown } | null)?.format;
  if (format === MODEL_FORMAT_V1) raw = fromV1(raw as Record<string, unknown>);
  else if (format !== MODEL_FORMAT)
    throw new ChartcoderError(
      'CONFIG_BAD_VALUE',
      `expected model format ${MODEL_FORMAT}, found ${String(format)}; train the model again`,
      file,
    );
  return parseJson(raw, modelSchema, file, modelKind);
}

/** A `/1` file as `/2`: its rankers were logistic regressions, `{ weights }`. */
function fromV1(raw: Record<string, unknown>): Record<string, unknown> {
  const rankers = raw['rankers'] as Record<string, unknown> | undefined;
  const linear = (r: unknown) =>
    r && typeof r === 'object' && !('kind' in r) ? { kind: 'linear', ...(r as Record<string, unknown>) } : r;
  return {
    ...raw,
    format: MODEL_FORMAT,
    ...(rankers && typeof rankers === 'object'
      ? { rankers: { ...rankers, diagnosis: linear(rankers['diagnosis']), procedure: linear(rankers['procedure']) } }
      : {}),
  };
}

/** Written beside its final place and renamed, gzip without a timestamp: the same training gives the same bytes. */
export function writeModelFile(file: string, model: ModelFile): number {
  const bytes = gzipSync(Buffer.from(JSON.stringify(model)), { level: 9 });
  const tmp = `${file}.partial-${process.pid}`;
  try {
    writeFileSync(tmp, bytes, { mode: 0o644 });
    renameSync(tmp, file);
  } catch (e) {
    throw new ChartcoderError(
      'OUTPUT_NOT_WRITABLE',
      `cannot write the model file (${(e as NodeJS.ErrnoException).code ?? (e as Error).name})`,
      file,
    );
  }
  return bytes.length;
}
