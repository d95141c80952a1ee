/**
 * Loads pipelines/rules/guidelines.json: history and family Z-code maps, chronic list, superseded pairs,
 * combination codes (I.B.9, I.C.9.a), documentation gaps a provider query closes, and which "use
 * additional code" instructions are prompts. Code references use the Tabular List's own notation
 * (`N18`, `N18.1-N18.4`, see code-systems/code-refs.ts).
 */
import { z } from 'zod';
import { readJsonFile, rulesFileKind } from '../contract/json-file.js';

const prefixMap = z.array(z.object({ prefix: z.string().min(1), code: z.string().min(3) }).strict());

const refs = z
  .array(z.string().regex(/^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?(-[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?)?$/))
  .min(1);
const regex = z.string().refine((s) => {
  try {
    new RegExp(s, 'i');
    return true;
  } catch {
    return false;
  }
}, 'expected a valid regular expression');

const combination = z
  .object({
    why: z.string().min(1),
    code: z.string().min(3),
    /** Codes on the chart the combination code replaces (their evidence moves to it). */
    replace: refs,
    /** Each group must be met by a code on the chart (its evidence matching `text`, when given); `fold` ones are replaced too. */
    with: z.array(z.object({ codes: refs, text: regex.optional(), fold: z.boolean().default(false) }).strict()).min(1),
  })
  .strict();

const rulesSchema = z
  .object({
    $comment: z.string().optional(),
    personalHistory: prefixMap,
    familyHistory: prefixMap,
    chronicWhenHistorical: z.array(z.string().min(1)),
    supersededBy: z.array(z.object({ code: z.string(), byPrefix: z.string().min(1) }).strict()),
    combinations: z.array(combination).default([]),
    documentationGaps: z
      .array(
        z
          .object({
            codes: refs,
            missing: z.string().min(1),
            statedBy: regex,
            /** The sentence states another value instead (type 1): the code moves to that category. */
            recode: z
              .array(z.object({ statedBy: regex, category: z.string().regex(/^[A-Z][0-9][0-9A-Z]$/) }).strict())
              .default([]),
          })
          .strict(),
      )
      .default([]),
    excludes1Exceptions: z
      .array(z.object({ codes: z.array(z.string()).length(2), why: z.string().min(1) }).strict())
      .default([]),
    parallelCategories: z.array(z.array(z.string().regex(/^[A-Z][0-9][0-9A-Z]$/)).min(2)).default([]),
    /** Codes never first-listed: status and history Z codes (I.C.21.c), external causes (I.C.20). */
    secondaryOnly: refs.default(['V00-Y99']),
    additionalCodePrompts: z.array(z.object({ codes: refs, what: z.string().regex(/^[^;:]+$/) }).strict()).default([]),
  })
  .strict();

export type GuidelineRules = z.infer<typeof rulesSchema>;

export function loadGuidelineRules(file: string): GuidelineRules {
  return readJsonFile(file, rulesSchema, rulesFileKind('guideline rules'));
}

/** The entry whose prefix is the longest that starts `code`. */
export function byLongestPrefix(map: { prefix: string; code: string }[], code: string): string | undefined {
  let best: { prefix: string; code: string } | undefined;
  for (const m of map) if (code.startsWith(m.prefix) && (!best || m.prefix.length > best.prefix.length)) best = m;
  return best?.code;
}
