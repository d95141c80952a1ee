/**
 * Hand-set weights used before `chartcoder calibrate` has fitted any, and as the centre the fit is
 * pulled towards (its L2 penalty is on the distance from these): a feature the gold charts never
 * show (a flag no gold chart raises yet) keeps its prior weight instead of silently dropping to 0.
 * The values are judgement, not data: the reasons are in the comments.
 */
import type { FeatureName } from './features.js';

export const PRIOR_WEIGHTS: Partial<Record<FeatureName, number>> = {
  bias: 2.2,
  matchAbbreviation: -0.5, // "MS", "PE", "RA" mean several things
  oneWordTerm: -0.3,
  inConclusion: 1.0, // stated in the assessment, impression or diagnoses
  narrativeOnly: -1.2, // only in HPI, ROS, exam or history: often integral or not current
  inPlan: -0.3,
  evidenceCount: 0.4,
  assertUncertain: -2.0,
  assertHistorical: -1.0,
  derivedZCode: -0.6,
  unspecifiedCode: -0.3,
  flagQueryProvider: -1.2,
  flagMultipleCandidates: -1.5,
  flagUncertainDx: -2.0,
  flagHistoryOf: -1.5,
  flagPlannedProcedure: -2.0,
  flagExcludes1: -2.0, // two codes a coder may not report together: one of them is wrong
  flagMissing7thChar: -2.0,
  flagProcedureWithoutDx: -1.0,
  otherFlags: -1.0, // a flag this version does not know yet: something needs a look
  symptomWithDiagnosis: -0.8,
  modelOnly: -1.0, // no rule found it: the models' word only
  rankLogit: 1.0, // the re-ranker's log-odds, learned on coded charts (0 without a model)
};
