/**
 * Candidate codes for one chart, from four sources: every code the rules found (whatever the
 * mention's assertion: negated, historical and family mentions are evidence the re-ranker weighs,
 * not candidates to drop here), the text model's best codes, the codes of the nearest coded charts,
 * and the hierarchy neighbours of rule codes (codes of the same category seen in training, and for
 * corpora that code truncated ICD-10-PCS, the 4-character stem of a rule procedure). Only codes that
 * exist in the code set in force are kept (billable; a truncated stem when the model allows them; any
 * training label when the model keeps the corpus's own codes).
 */
import type { ChartRecord, CodeSuggestion, CodeSystemId } from '../contract/chart-record.js';
import type { CodeSystem } from '../contract/code-sets.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import type { NeighbourIndex } from './neighbours.js';
import type { SparseVector } from './text-features.js';
import type { TextScorer } from './text-model.js';
import type { Vocabulary } from './text-features.js';
import { siblingsReaching, termCover, type ChartWords, type TermCover } from './term-cover.js';

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
  /** Proposed as a code of a candidate's category whose own words one sentence of the chart mostly holds. */
  wording: boolean;
  /** The code's own wording found in the chart. */
  cover: TermCover;
  /** The share of its parent's wording (an ICD-10-CM code's category or subcategory) found in one sentence. */
  parentCover: number;
}

export interface CandidateSources {
  text: TextScorer;
  neighbours: NeighbourIndex;
  /** Training labels by category (3 characters ICD-10-CM, 4 ICD-10-PCS). */
  byCategory: Map<string, string[]>;
  /** Training charts carrying each label. */
  frequency: Map<string, number>;
  options: { neighbours: number; textTop: number; truncatedProcedures: boolean; corpusCodes?: boolean };
}

export const labelKey = (system: string, code: string) => `${system}:${code}`;

export function categoryKey(system: string, code: string): string {
  return labelKey(system, system === 'icd10pcs' ? code.slice(0, 4) : code.slice(0, 3));
}

export function candidatesFor(
  record: ChartRecord,
  x: SparseVector,
  src: CandidateSources & { vocab: Vocabulary },
  codeSets: CodeSetRegistry,
  systems: Set<CodeSystemId>,
  words: ChartWords,
): Candidate[] {
  const byKey = new Map<string, Candidate>();
  const get = (key: string): Candidate | undefined => {
    let c = byKey.get(key);
    if (c) return c;
    const colon = key.indexOf(':');
    const system = key.slice(0, colon) as CodeSystemId;
    const code = key.slice(colon + 1);
    if (!systems.has(system) || !codeSets.has(system)) return undefined;
    // a corpus coded with another edition (CodiEsp: 2018, no 7th characters) has labels the code set in force
    // does not bill; the model proposes them as its coders wrote them when told to
    const corpus = src.options.corpusCodes === true && src.frequency.has(key);
    if (!corpus && !exists(codeSets.get(system), code, src.options.truncatedProcedures)) return undefined;
    byKey.set(key, (c = newCandidate(codeSets.get(system), code, words, src.vocab)));
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
  // codes of the candidates' categories that no training chart carried, when one sentence says most of their words
  const truncated = src.options.truncatedProcedures;
  const prefixes = new Map<string, { system: CodeSystemId; prefix: string }>();
  for (const c of byKey.values()) {
    const prefix = siblingPrefix(c, truncated);
    prefixes.set(labelKey(c.system, prefix), { system: c.system, prefix });
  }
  for (const { system, prefix } of prefixes.values()) {
    for (const code of siblingsReaching(codeSets.get(system), prefix, truncated, words, src.vocab, WORDING_SHARE)) {
      const key = labelKey(system, code);
      if (byKey.has(key)) continue;
      const c = newCandidate(codeSets.get(system), code, words, src.vocab);
      if (c.cover.sentence >= WORDING_SHARE) byKey.set(key, { ...c, wording: true });
    }
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function newCandidate(system: CodeSystem, code: string, words: ChartWords, vocab: Vocabulary): Candidate {
  const parent = system.id === 'icd10cm' && code.length > 3 ? code.slice(0, code.length > 5 ? -1 : 3) : undefined;
  return {
    system: system.id,
    code,
    key: labelKey(system.id, code),
    rule: [],
    hierarchy: false,
    wording: false,
    cover: termCover(system, code, words, vocab),
    parentCover: parent ? termCover(system, parent, words, vocab).sentence : 0,
  };
}

/**
 * The share of a sibling code's own words (idf-weighted) one sentence must hold for it to be proposed. CodiEsp train,
 * 5-fold CV (2026-12-06): all words 0.517 diagnoses MAP, two thirds 0.519, with ~4 % more candidates.
 */
const WORDING_SHARE = 2 / 3;

/** Where a candidate's siblings are: its ICD-10-CM category; its ICD-10-PCS root operation (truncated codes) or 4-character stem. */
function siblingPrefix(c: Candidate, truncated: boolean): string {
  return c.code.slice(0, c.system === 'icd10pcs' && !truncated ? 4 : 3);
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
