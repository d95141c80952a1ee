/**
 * Candidate codes for one chart, from four sources: every code the rules found (whatever the
 * mention's assertion: negated, historical and family mentions are evidence the re-ranker weighs,
 * not candidates to drop here), the text model's best codes, the codes of the nearest coded charts,
 * and the hierarchy neighbours of rule codes (codes of the same category seen in training, and for
 * corpora that code truncated ICD-10-PCS, the 4-character stem of a rule procedure). Only codes that
 * exist in the code set in force are kept (billable; a truncated stem when the model allows them).
 */
import type { ChartRecord, CodeSuggestion, CodeSystemId } from '../contract/chart-record.js';
import type { CodeSystem } from '../contract/code-sets.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import type { NeighbourIndex } from './neighbours.js';
import type { SparseVector } from './text-features.js';
import type { TextScorer } from './text-model.js';

export interface Candidate {
  system: CodeSystemId;
  code: string;
  /** `system:code`, the label key the models use. */
  key: string;
  /** The rules' suggestions of this code (one per mention), any assertion. */
  rule: CodeSuggestion[];
  text?: { z: number; rank: number };
  neighbours?: { score: number; count: number };
  /** Proposed as a hierarchy neighbour of a rule code. */
  hierarchy: boolean;
}

export interface CandidateSources {
  text: TextScorer;
  neighbours: NeighbourIndex;
  /** Training labels by category (3 characters ICD-10-CM, 4 ICD-10-PCS). */
  byCategory: Map<string, string[]>;
  options: { neighbours: number; textTop: number; truncatedProcedures: boolean };
}

export const labelKey = (system: string, code: string) => `${system}:${code}`;

export function categoryKey(system: string, code: string): string {
  return labelKey(system, system === 'icd10pcs' ? code.slice(0, 4) : code.slice(0, 3));
}

export function candidatesFor(
  record: ChartRecord,
  x: SparseVector,
  src: CandidateSources,
  codeSets: CodeSetRegistry,
  systems: Set<CodeSystemId>,
): Candidate[] {
  const byKey = new Map<string, Candidate>();
  const get = (key: string): Candidate | undefined => {
    let c = byKey.get(key);
    if (c) return c;
    const colon = key.indexOf(':');
    const system = key.slice(0, colon) as CodeSystemId;
    const code = key.slice(colon + 1);
    if (
      !systems.has(system) ||
      !codeSets.has(system) ||
      !exists(codeSets.get(system), code, src.options.truncatedProcedures)
    )
      return undefined;
    byKey.set(key, (c = { system, code, key, rule: [], hierarchy: false }));
    return c;
  };
  for (const s of record.codes) get(labelKey(s.system, s.code))?.rule.push(s);
  const z = src.text.score(x);
  const order = [...z.keys()].sort((a, b) => z[b]! - z[a]! || a - b);
  order.forEach((li, rank) => {
    const c = rank < src.options.textTop ? get(src.text.labels[li]!) : byKey.get(src.text.labels[li]!);
    if (c) c.text = { z: z[li]!, rank: rank + 1 };
  });
  for (const [key, v] of src.neighbours.vote(x, src.options.neighbours)) {
    const c = get(key);
    if (c) c.neighbours = v;
  }
  for (const s of record.codes) {
    for (const key of src.byCategory.get(categoryKey(s.system, s.code)) ?? []) {
      const c = byKey.get(key) ?? get(key);
      if (c && c.rule.length === 0) c.hierarchy = true;
    }
    if (s.system === 'icd10pcs' && src.options.truncatedProcedures) {
      const c = get(labelKey(s.system, s.code.slice(0, 4)));
      if (c && c.rule.length === 0) c.hierarchy = true;
    }
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const STEMS = new WeakMap<CodeSystem, Set<string>>();

/** Billable in the code set; a 4-character ICD-10-PCS stem counts when truncated codes are allowed and some code has it. */
export function exists(system: CodeSystem, code: string, truncated: boolean): boolean {
  if (system.id === 'icd10pcs' && truncated && code.length === 4) {
    let stems = STEMS.get(system);
    if (!stems) {
      stems = new Set();
      for (const e of system.entries()) if (e.billable) stems.add(e.code.slice(0, 4));
      STEMS.set(system, stems);
    }
    return stems.has(code);
  }
  return system.lookup(code)?.billable === true;
}
