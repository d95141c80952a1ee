/**
 * The words that end with a period without ending a sentence (pipelines/rules/sentence-breaks.json): the
 * segmenter's word list, as data. extract-mentions reads the file its pipeline names; callers outside a
 * pipeline (the ranking's evidence sentences, `explain`, tests) read the shipped one.
 */
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, rulesFileKind } from '../contract/json-file.js';
import { pipelinesDir } from '../contract/paths.js';

const lowerWord = z
  .string()
  .min(1)
  .refine((w) => w === w.toLowerCase() && !w.endsWith('.'), 'expected a lower-case word without its final dot');

const schema = z.object({ $comment: z.string().optional(), noBreak: z.array(lowerWord) }).strict();

export const SHIPPED_SENTENCE_BREAKS = path.join(pipelinesDir, 'rules', 'sentence-breaks.json');

export function loadSentenceBreaks(file: string): ReadonlySet<string> {
  return new Set(readJsonFile(file, schema, rulesFileKind('sentence-break words')).noBreak);
}

let shipped: ReadonlySet<string> | undefined;

/** The shipped list, read once. */
export function shippedSentenceBreaks(): ReadonlySet<string> {
  return (shipped ??= loadSentenceBreaks(SHIPPED_SENTENCE_BREAKS));
}
