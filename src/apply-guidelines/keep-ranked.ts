/**
 * For a pipeline whose codes a learned model ranks (rank-codes before this stage, option `keepRanked`):
 * a code the model scored at or above the threshold is not lost to the guidelines. Where they dropped
 * it (negated, hypothetical, past), replaced it (history Z code, combination, specific sibling) or
 * resolved it away (Excludes1), it comes back for review flagged `guideline_demoted`, so the coder sees
 * what the model ranked and the flag says the guidelines would not report it. The model learned from a
 * department's coded charts what its coders assign (CodiEsp codes negated findings too); the rules
 * alone would hide those codes from the ranking.
 */
import type { CodeSuggestion } from '../contract/chart-record.js';
import { withoutQueryProvider, type FlagReason } from '../contract/flag-reasons.js';
import { mergeDuplicates } from './merge-codes.js';

export const GUIDELINE_DEMOTED: FlagReason = 'guideline_demoted';

/** The incoming codes the model scored at least `threshold`, one per code (copies: later steps may change the originals). */
export function rankedBefore(codes: CodeSuggestion[], threshold: number | null): CodeSuggestion[] {
  if (threshold === null) return [];
  return mergeDuplicates(codes.filter((c) => c.features.rankScore !== undefined && c.features.rankScore >= threshold));
}

/** The kept codes, then each ranked code the guidelines took away, flagged, best score first. */
export function restoreRanked(codes: CodeSuggestion[], ranked: CodeSuggestion[]): CodeSuggestion[] {
  if (ranked.length === 0) return codes;
  const present = new Set(codes.map((c) => `${c.system}:${c.code}`));
  const back = ranked
    .filter((c) => !present.has(`${c.system}:${c.code}`))
    .sort((a, b) => b.features.rankScore! - a.features.rankScore! || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((c) => ({ ...c, flags: [...withoutQueryProvider(c.flags), GUIDELINE_DEMOTED] }));
  return [...codes, ...back];
}
