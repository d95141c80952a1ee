/** Groups of section categories that several stages reason about. */

/** Where a provider states conclusions: diagnoses and procedures written here are what was decided or done. */
export const CONCLUSION_SECTIONS: ReadonlySet<string> = new Set([
  'assessment',
  'assessment_and_plan',
  'diagnoses',
  'impression',
  'procedures',
  'findings',
]);

/** Where mentions are complaints, findings, history or lists, not yet conclusions. */
export const NARRATIVE_SECTIONS: ReadonlySet<string> = new Set([
  'hpi',
  'ros',
  'exam',
  'past_medical_history',
  'past_surgical_history',
  'medications',
  'chief_complaint',
  'social_history',
  'results',
  'other',
]);
