/**
 * Words a chart writes in another form than the code titles do (pipelines/rules/word-forms.json):
 * "renal" for "kidney", "oesophageal" for "esophagus". Read where chart words meet title words:
 * ICD-10-PCS composition in extract-mentions and the re-ranker's wording overlap in rank-codes, each
 * from the file its pipeline names; callers outside a pipeline read the shipped one.
 */
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, rulesFileKind } from '../contract/json-file.js';
import { pipelinesDir } from '../contract/paths.js';

const word = z.string().regex(/^[a-z][a-z-]*$/, 'expected one lower-case word');

const schema = z.object({ $comment: z.string().optional(), forms: z.record(word, word) }).strict();

/** Word → the form the titles use. */
export type WordForms = ReadonlyMap<string, string>;

export const SHIPPED_WORD_FORMS = path.join(pipelinesDir, 'rules', 'word-forms.json');

export function loadWordForms(file: string): WordForms {
  return new Map(Object.entries(readJsonFile(file, schema, rulesFileKind('word forms')).forms));
}

let shipped: WordForms | undefined;

/** The shipped list, read once. */
export function shippedWordForms(): WordForms {
  return (shipped ??= loadWordForms(SHIPPED_WORD_FORMS));
}
