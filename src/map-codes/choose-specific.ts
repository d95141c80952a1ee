/**
 * Pick the most specific code a mention's attributes support: the `specific` rule of the entry with
 * the most satisfied keys. Without one, the entry's own (unspecified) code, with what is missing.
 */
import type { MentionAttributes } from '../chart-record.js';
import type { CodeEntry } from '../code-systems/code-system.js';

export interface SpecificChoice {
  code: string;
  /** Documentation that would make the code more specific, when the choice fell back. */
  missing?: string;
  /** The other codes of the family, for the alternatives column. */
  others: string[];
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
  return missing ? { code, missing, others } : { code, others };
}

function missingKeys(entry: CodeEntry): string {
  return [...new Set(entry.specific.flatMap((s) => Object.keys(s.when)))].join('+');
}
