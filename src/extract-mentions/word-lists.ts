/**
 * The word lists of extract-mentions, as data in pipelines/rules and validated when the config is loaded:
 * the cues of a mention's attributes (attribute-cues.json, read by attributes.ts) and the linking and
 * blocking words of flexible matching (flexible-match.json, read by flexible-match.ts). Callers outside a
 * pipeline (tests, `explain`) read the shipped files.
 */
import path from 'node:path';
import { z } from 'zod';
import type { MentionAttributes } from '../contract/chart-record.js';
import { readJsonFile, rulesFileKind } from '../contract/json-file.js';
import { pipelinesDir } from '../contract/paths.js';

const word = z.string().min(1);
const lowerWord = word.refine((w) => w === w.toLowerCase(), 'expected a lower-case word');

const cue = <K extends keyof MentionAttributes, V extends [string, ...string[]]>(attribute: K, values: V) =>
  z
    .object({
      attribute: z.literal(attribute),
      words: z.array(word).min(1),
      value: z.enum(values),
      /** "L" and "R" are sides only in capitals; every other cue is matched in lower case. */
      caseSensitive: z.boolean().optional(),
    })
    .strict()
    .refine((c) => c.caseSensitive || c.words.every((w) => w === w.toLowerCase()), {
      message: 'expected lower-case words (or caseSensitive: true)',
    });

/** Tokens from the mention a cue may stand; null: anywhere in the unit. */
const window = z.number().int().positive().nullable();

const attributeCuesSchema = z
  .object({
    $comment: z.string().optional(),
    windows: z.object({ laterality: window, acuity: window, episode: window }).strict(),
    cues: z.array(
      z.union([
        cue('laterality', ['left', 'right', 'bilateral']),
        cue('acuity', ['acute', 'chronic', 'acute_on_chronic']),
        cue('episode', ['initial', 'subsequent', 'sequela']),
      ]),
    ),
  })
  .strict();

export type AttributeCueRules = z.infer<typeof attributeCuesSchema>;

const flexWordsSchema = z
  .object({ $comment: z.string().optional(), link: z.array(lowerWord), block: z.array(lowerWord) })
  .strict();

/** Words that link the parts of a term (never content words of it) and words that must not sit inside a match. */
export interface FlexWords {
  link: ReadonlySet<string>;
  block: ReadonlySet<string>;
}

export const SHIPPED_ATTRIBUTE_CUES = path.join(pipelinesDir, 'rules', 'attribute-cues.json');
export const SHIPPED_FLEX_WORDS = path.join(pipelinesDir, 'rules', 'flexible-match.json');

export function readAttributeCues(file: string): AttributeCueRules {
  return readJsonFile(file, attributeCuesSchema, rulesFileKind('attribute cues'));
}

export function loadFlexWords(file: string): FlexWords {
  const r = readJsonFile(file, flexWordsSchema, rulesFileKind('flexible-match words'));
  return { link: new Set(r.link), block: new Set(r.block) };
}

let shippedFlex: FlexWords | undefined;

/** The shipped linking and blocking words, read once. */
export function shippedFlexWords(): FlexWords {
  return (shippedFlex ??= loadFlexWords(SHIPPED_FLEX_WORDS));
}
