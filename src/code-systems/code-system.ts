/**
 * What every code system offers the pipeline: look a code up, list entries with their terms,
 * and know the period it is in force.
 */
import type { CodeSystemId } from '../contract/chart-record.js';
import type { CodeEntry, CodeSystem } from '../contract/code-sets.js';

/** Canonical spelling: upper case, and ICD-10-CM with its dot after the third character. */
export function canonicalCode(system: CodeSystemId, code: string): string {
  const c = code.trim().toUpperCase();
  if (system !== 'icd10cm') return c;
  const bare = c.replace('.', '');
  return bare.length > 3 ? `${bare.slice(0, 3)}.${bare.slice(3)}` : bare;
}

export function inMemoryCodeSystem(
  id: CodeSystemId,
  version: string,
  effective: { from: string; to: string },
  entries: CodeEntry[],
): CodeSystem {
  const byCode = new Map(entries.map((e) => [e.code, e]));
  // Stages look codes up already spelled canonically, many times per chart: when every key is canonical,
  // a code found as given is the code canonicalCode would have found, and the re-spelling is skipped.
  const keysCanonical = [...byCode.keys()].every((k) => canonicalCode(id, k) === k);
  return {
    id,
    version,
    effective,
    size: byCode.size,
    lookup: keysCanonical
      ? (code) => byCode.get(code) ?? byCode.get(canonicalCode(id, code))
      : (code) => byCode.get(canonicalCode(id, code)),
    entries: () => byCode.values(),
  };
}
