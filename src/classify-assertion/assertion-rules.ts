/** Loads and validates the ConText rules (pipelines/rules/assertion.json) into token-phrase form. */
import { z } from 'zod';
import type { Assertion, EncounterType } from '../contract/chart-record.js';
import { tokenize } from '../text/tokenize.js';
import { readJsonFile, rulesFileKind } from '../contract/json-file.js';

const category = z.enum(['negated', 'uncertain', 'historical', 'hypothetical', 'family']);

const rulesSchema = z
  .object({
    $comment: z.string().optional(),
    precedence: z.array(category),
    triggers: z.array(
      z
        .object({
          phrase: z.string().min(1),
          category,
          direction: z.enum(['forward', 'backward', 'both']),
          /** Encounter types the trigger applies to (default both). */
          encounters: z
            .array(z.enum(['outpatient', 'inpatient']))
            .min(1)
            .optional(),
        })
        .strict(),
    ),
    pseudo: z.array(z.string().min(1)),
    terminators: z.array(z.string().min(1)),
    /** A string ends every scope; an object only the scopes of its categories (", with" ends a negation only). */
    punctuationTerminators: z
      .array(
        z.union([
          z.string().min(1),
          z.object({ text: z.string().min(1), categories: z.array(category).min(1) }).strict(),
        ]),
      )
      .default([]),
    sectionDefaults: z.record(z.string(), category).default({}),
  })
  .strict();

export type AssertionCategory = z.infer<typeof category>;

export interface Phrase {
  words: string[];
  /** Index of the rule in the file, for `explain`. */
  ruleId: string;
}

export interface Trigger extends Phrase {
  category: AssertionCategory;
  direction: 'forward' | 'backward' | 'both';
  encounters?: EncounterType[];
}

/** Punctuation (and what follows it) that ends a scope; `categories`: only scopes of these. */
export interface PunctuationTerminator {
  text: string;
  categories?: AssertionCategory[];
}

export interface AssertionRules {
  precedence: AssertionCategory[];
  triggers: Trigger[];
  pseudo: Phrase[];
  terminators: Phrase[];
  punctuationTerminators: PunctuationTerminator[];
  sectionDefaults: Record<string, Assertion>;
}

/** Lower-case words as the tokenizer sees them, without plural folding. */
export function phraseWords(phrase: string): string[] {
  return tokenize(phrase).map((t) => t.raw.toLowerCase());
}

export function loadAssertionRules(file: string): AssertionRules {
  const r = readJsonFile(file, rulesSchema, rulesFileKind('assertion rules'));
  return {
    precedence: r.precedence,
    triggers: r.triggers.map((t, i) => ({ ...t, words: phraseWords(t.phrase), ruleId: `trigger:${t.phrase}#${i}` })),
    pseudo: r.pseudo.map((p, i) => ({ words: phraseWords(p), ruleId: `pseudo:${p}#${i}` })),
    terminators: r.terminators.map((p, i) => ({ words: phraseWords(p), ruleId: `terminator:${p}#${i}` })),
    punctuationTerminators: r.punctuationTerminators.map((p) => (typeof p === 'string' ? { text: p } : p)),
    sectionDefaults: r.sectionDefaults,
  };
}

/**
 * The rules for charts of one encounter type. "Hyperkalemia, resolved" in a discharge summary was treated
 * during the stay and is coded (inpatient); at an office visit a resolved condition is history.
 */
export function rulesForEncounter(rules: AssertionRules, type: EncounterType): AssertionRules {
  return { ...rules, triggers: rules.triggers.filter((t) => !t.encounters || t.encounters.includes(type)) };
}
