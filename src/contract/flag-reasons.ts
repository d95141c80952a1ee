/**
 * The review-flag vocabulary: every reason a code suggestion can carry in its `flags` (codes.csv
 * `flag_reasons`), with one line on what it means. A flag is a reason, or a reason and a detail after a
 * colon (`query_provider:laterality`). README's table of flag reasons is checked against this list
 * (test/contract/flag-reasons.test.ts), so a new reason is added here first.
 */
export const FLAG_REASONS = {
  low_confidence: "the score is below the pipeline's auto threshold",
  query_provider: 'only an unspecified code is supported; the detail is what to ask the physician',
  uncertain_dx: 'inpatient: an uncertain diagnosis coded as if established',
  history_of: 'a chronic condition written as "history of": confirm it is current',
  multiple_candidates: 'the wording fits more than one code',
  planned_procedure: 'a procedure found in the plan: confirm it was performed',
  excludes1_conflict: 'this code and the detail code are never reported together (Excludes1)',
  code_first: 'a manifestation whose underlying condition (the detail) is not on the chart',
  use_additional_code: 'a required companion code (the detail) is not on the chart',
  missing_7th_char: 'the note states no episode of care for a code that needs a 7th character',
  procedure_without_dx: 'no diagnosis on the chart supports the procedure',
  guideline_demoted:
    'the guidelines would not report the code, but the learned model ranks it high (keepRanked): decide',
  model_only: 'no rule found the code: only the learned model proposes it',
  second_opinion_changed_code: "the second-opinion stage put the model's code in place of the rules' one",
  document_missing: 'a document of this encounter failed: the code comes from the others; check the missing one',
} as const;

export type FlagReason = keyof typeof FLAG_REASONS;

/** The reason of a flag, its detail after the colon left off. */
export function flagReason(flag: string): string {
  const colon = flag.indexOf(':');
  return colon < 0 ? flag : flag.slice(0, colon);
}

/** A flag asking the physician for what the documentation lacks (`query_provider:<what>`). */
export function isQueryProvider(flag: string): boolean {
  return flagReason(flag) === 'query_provider';
}

/** `flags` without the provider queries: what is left once a specific code answers them. */
export function withoutQueryProvider(flags: readonly string[]): string[] {
  return flags.filter((f) => !isQueryProvider(f));
}
