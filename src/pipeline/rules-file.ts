/**
 * A stage's JSON rules file, read and checked against its schema. Unreadable or invalid rules are a coded
 * config error naming the file and the first key at fault, before any chart is read.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ChartcoderError } from '../errors.js';

export function readRulesFile<S extends z.ZodType>(file: string, schema: S, what: string): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ChartcoderError('CONFIG_BAD_VALUE', `${what} cannot be read (${(e as Error).name})`, file);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ChartcoderError('CONFIG_BAD_VALUE', `${what} are not valid: ${issue.message}`, `${file}: ${issue.path.join('.')}`);
  }
  return parsed.data;
}
