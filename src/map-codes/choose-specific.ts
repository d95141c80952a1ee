/**
 * Pick the most specific code a mention's attributes support: the `specific` rule of the entry with
 * the most satisfied keys. Without one, the entry's own (unspecified) code, with what is missing.
 */
import type { MentionAttributes } from '../contract/chart-record.js';
import type { CodeEntry } from '../contract/code-sets.js';

export interface SpecificChoice {
  code: string;
  /** Documentation that would make the code more specific, when the choice fell back. */
  missing: string | undefined;
  /** The other codes of the family, for the alternatives column. */
  others: string[];
}

/**
 * Choices by entry, then by the attributes that can matter: every mention of a code with the same attributes
 * gets the same answer, and charts name the same few codes over and over. A WeakMap: a code set dropped
 * takes its choices along. The `others` list of a choice is shared: callers only read it.
 */
const CHOSEN = new WeakMap<CodeEntry, Map<string, SpecificChoice>>();
const UNSET = '\u0000';

export function chooseSpecificCached(entry: CodeEntry, attrs: MentionAttributes): SpecificChoice {
  let byAttrs = CHOSEN.get(entry);
  if (!byAttrs) CHOSEN.set(entry, (byAttrs = new Map()));
  const key = `${attrs.laterality ?? UNSET}|${attrs.acuity ?? UNSET}|${attrs.episode ?? UNSET}`;
  let choice = byAttrs.get(key);
  if (!choice) byAttrs.set(key, (choice = chooseSpecific(entry, attrs)));
  return choice;
}

export function chooseSpecific(entry: CodeEntry, attrs: MentionAttributes): SpecificChoice {
  let best: { code: string; keys: number } | undefined;
  for (const rule of entry.specific) {
    const keys = Object.entries(rule.when) as [keyof MentionAttributes, string][];
    if (!keys.every(([k, v]) => attrs[k] === v)) continue;
    if (!best || keys.length > best.keys) best = { code: rule.code, keys: keys.length };
  }
  const family = [entry.code, ...entry.specific.map((s) => s.code)];
  const code = best?.code ?? entry.code;
  const others = [...new Set(family.filter((c) => c !== code))];
  // An entry that names what it lacks (I50.9: heart failure type) is a gap even without attribute rules.
  const missing = best ? undefined : (entry.missing ?? (entry.specific.length > 0 ? missingKeys(entry) : undefined));
  // Always the same three fields: one object shape keeps map-codes' reads of it monomorphic.
  return { code, missing, others };
}

function missingKeys(entry: CodeEntry): string {
  return [...new Set(entry.specific.flatMap((s) => Object.keys(s.when)))].join('+');
}
