/**
 * Features of a suggestion that predict whether a coder will accept it, and a logistic score over
 * them. The weights are a documented prior until `chartcoder calibrate` fits them on gold.
 */
import type { CodeSuggestion } from '../chart-record.js';
import { CONCLUSION_SECTIONS, NARRATIVE_SECTIONS } from '../sectionize/section-kinds.js';


export interface Weights {
  bias: number;
  abbreviation: number;
  conclusionSection: number;
  weakSectionOnly: number;
  extraEvidence: number;
  uncertain: number;
  historyOf: number;
  derived: number;
  queryProvider: number;
  multipleCandidates: number;
  plannedProcedure: number;
}

export const DEFAULT_WEIGHTS: Weights = {
  bias: 2.2,
  abbreviation: -0.5,
  conclusionSection: 1.0,
  weakSectionOnly: -1.2,
  extraEvidence: 0.4,
  uncertain: -2.0,
  historyOf: -1.5,
  derived: -0.6,
  queryProvider: -1.2,
  multipleCandidates: -1.5,
  plannedProcedure: -2.0,
};

export function featureVector(c: CodeSuggestion): Record<keyof Weights, number> {
  const sections = c.evidence.map((e) => e.section);
  const has = (f: string) => c.flags.some((x) => x === f || x.startsWith(`${f}:`));
  return {
    bias: 1,
    abbreviation: c.features.matchType === 'abbreviation' ? 1 : 0,
    conclusionSection: sections.some((s) => CONCLUSION_SECTIONS.has(s)) ? 1 : 0,
    weakSectionOnly: sections.every((s) => NARRATIVE_SECTIONS.has(s)) ? 1 : 0,
    extraEvidence: Math.min(2, c.evidence.length - 1),
    uncertain: has('uncertain_dx') ? 1 : 0,
    historyOf: has('history_of') ? 1 : 0,
    derived: c.features.derived ? 1 : 0,
    queryProvider: has('query_provider') ? 1 : 0,
    multipleCandidates: has('multiple_candidates') ? 1 : 0,
    plannedProcedure: has('planned_procedure') ? 1 : 0,
  };
}

export function score(c: CodeSuggestion, w: Weights): number {
  const x = featureVector(c);
  let z = 0;
  for (const k of Object.keys(w) as (keyof Weights)[]) z += w[k] * x[k];
  return 1 / (1 + Math.exp(-z));
}
