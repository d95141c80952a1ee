/**
 * The one reader of JSON files that have a schema (pipeline configs, rules files, calibration files, gold
 * charts, the starter code set, the rank model): read, parse, check against a zod schema, and turn each way
 * of failing into a coded error that names the file and the first key at fault. Never quotes the file's content.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { z } from 'zod';
import { ChartcoderError, type ErrorCode } from './errors.js';

/** A kind of JSON file: its name in messages and the error code of each way it can fail. */
export interface JsonFileKind {
  /** What the file is, in messages: "assertion rules", "calibration file". */
  what: string;
  missing: ErrorCode;
  /** Unreadable, or not JSON. */
  unreadable: ErrorCode;
  /** JSON that does not match the schema. */
  invalid: ErrorCode;
  /** Said when the file is missing: what to do about it. */
  hint?: string;
  /** gzip-compressed JSON (the rank model file): unzipped before parsing; a file that is not gzip is unreadable. */
  gzip?: boolean;
}

/** A stage's rules file: any fault is a config error, raised before any chart is read. */
export function rulesFileKind(what: string): JsonFileKind {
  return { what, missing: 'CONFIG_NOT_FOUND', unreadable: 'CONFIG_INVALID_JSON', invalid: 'CONFIG_BAD_VALUE' };
}

/** The parsed JSON of `file`, not yet checked (for callers that adjust it before validating). */
export function readJson(file: string, kind: JsonFileKind): unknown {
  let text: string;
  try {
    text = kind.gzip ? gunzipSync(readFileSync(file)).toString('utf8') : readFileSync(file, 'utf8');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing)
      throw new ChartcoderError(
        kind.missing,
        `expected ${kind.what}, found no file${kind.hint ? `; ${kind.hint}` : ''}`,
        file,
      );
    throw new ChartcoderError(
      kind.unreadable,
      `expected ${kind.what}, found an unreadable file (${(e as Error).name})`,
      file,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ChartcoderError(kind.unreadable, `expected ${kind.what} in valid JSON`, file);
  }
}

/** `raw` checked against `schema`; the first issue becomes the error, with its key path. */
export function parseJson<S extends z.ZodType>(raw: unknown, schema: S, file: string, kind: JsonFileKind): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new ChartcoderError(
    kind.invalid,
    `expected valid ${kind.what}: ${issue.message}`,
    `${file}: ${issue.path.join('.') || '(root)'}`,
  );
}

export function readJsonFile<S extends z.ZodType>(file: string, schema: S, kind: JsonFileKind): z.infer<S> {
  return parseJson(readJson(file, kind), schema, file, kind);
}
