/**
 * Lexicon terms whose bare words name a code only with context they do not carry
 * (pipelines/rules/bare-terms.json): the official index's main terms "Examination" (Z00.00), "Symptoms"
 * (R68.89), "Gas" (R14.3) match words that in a chart almost never mean those codes ("physical
 * examination", "blood gas"). `never`: the words alone never yield the code (a longer term holding them
 * still does); `aloneOnly`: an encounter code the words yield only as a whole sentence or list item
 * ("Reason for visit: Follow-up.").
 */
import { z } from 'zod';
import { readJsonFile, rulesFileKind } from '../contract/json-file.js';
import { tokenize } from '../text/tokenize.js';

const entry = z.object({ phrase: z.string().min(1), codes: z.array(z.string().min(1)).min(1) }).strict();
const rulesSchema = z
  .object({ $comment: z.string().optional(), never: z.array(entry).default([]), aloneOnly: z.array(entry).default([]) })
  .strict();

/** Normalized words joined by spaces → the codes those words must not yield on their own. */
export type BareCodes = Map<string, Set<string>>;

export interface BareTerms {
  never: BareCodes;
  aloneOnly: BareCodes;
}

/** The key a term's normalized words have in BareCodes. */
export const bareKey = (words: readonly string[]): string => words.join(' ');

export function loadBareTerms(file: string): BareTerms {
  const r = readJsonFile(file, rulesSchema, rulesFileKind('bare-term rules'));
  return { never: codesByPhrase(r.never), aloneOnly: codesByPhrase(r.aloneOnly) };
}

function codesByPhrase(entries: z.infer<typeof entry>[]): BareCodes {
  const out: BareCodes = new Map();
  for (const e of entries) {
    const key = bareKey(tokenize(e.phrase).map((t) => t.norm));
    const codes = out.get(key) ?? new Set<string>();
    for (const c of e.codes) codes.add(c);
    out.set(key, codes);
  }
  return out;
}

/**
 * Whether tokens [from, to) are the whole unit: nothing else but a list number before them
 * ("2. Follow-up"), nothing after.
 */
export function wholeUnit(tokens: readonly { raw: string }[], from: number, to: number): boolean {
  if (to !== tokens.length) return false;
  for (let k = 0; k < from; k++) if (!/^\d+$/.test(tokens[k]!.raw)) return false;
  return true;
}
