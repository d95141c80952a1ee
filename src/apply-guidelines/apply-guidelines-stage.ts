/**
 * apply-guidelines — keep what the ICD-10-CM Official Guidelines let a coder report for this
 * encounter type, and say why where a human must look.
 *  - negated and hypothetical: dropped;
 *  - uncertain ("rule out", "probable"): dropped outpatient (IV.H; the symptoms are coded instead),
 *    kept and flagged `uncertain_dx` inpatient (II.H);
 *  - family: the family-history Z code (Z80–Z84) where one fits, else dropped;
 *  - historical: the personal-history Z code where one fits; chronic conditions kept, flagged `history_of`;
 *  - procedures: past ones dropped, planned ones flagged `planned_procedure`;
 *  - duplicates merged with all evidence; combination codes replace their parts (combination-codes.ts);
 *    superseded and unspecified siblings folded into the specific code;
 *  - Excludes1 pairs resolved or flagged (excludes1.ts); unstated details flagged for a provider query
 *    (documentation-gaps.ts); diagnoses sequenced, Code first / Use additional code honoured and
 *    prompted (sequence-diagnoses.ts); procedures pointed to their diagnoses (diagnosis-pointers.ts);
 *    CMS-HCC V28 categories marked when an HCC map is found (mark-hcc.ts);
 *  - with `keepRanked` (pipelines with a learned model): codes the model ranks high are kept for
 *    review, flagged `guideline_demoted`, instead of dropped or replaced (keep-ranked.ts).
 * Requires: codes, mentions. Produces: codes.
 * Example: outpatient "rule out MI" → no I21 code; inpatient "probable pneumonia" → J18.9 flagged uncertain_dx.
 */
import path from 'node:path';
import { z } from 'zod';
import type { CodeSuggestion, EncounterType } from '../contract/chart-record.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import type { ChartStage } from '../contract/stage.js';
import { pipelinesDir } from '../contract/paths.js';
import { loadSectionGroups, SHIPPED_SECTION_GROUPS, type SectionGroups } from '../contract/section-groups.js';
import { applyCombinations } from './combination-codes.js';
import { pointDiagnoses } from './diagnosis-pointers.js';
import { flagDocumentationGaps } from './documentation-gaps.js';
import { resolveExcludes1 } from './excludes1.js';
import { byLongestPrefix, loadGuidelineRules, type GuidelineRules } from './guideline-rules.js';
import { defaultHccDir, HCC_MODEL, loadHccMap } from './hcc-map.js';
import { rankedBefore, restoreRanked } from './keep-ranked.js';
import { markHcc } from './mark-hcc.js';
import { foldSuperseded, foldUnspecified, mergeDuplicates } from './merge-codes.js';
import { sequenceDiagnoses } from './sequence-diagnoses.js';
import { withoutQueryProvider } from '../contract/flag-reasons.js';

const options = z
  .object({
    rules: z.string().default(path.join(pipelinesDir, 'rules', 'guidelines.json')),
    /** Conclusion, narrative and past-history sections (section-groups.json). */
    sectionGroups: z.string().default(SHIPPED_SECTION_GROUPS),
    codeUncertain: z
      .object({ outpatient: z.boolean().default(false), inpatient: z.boolean().default(true) })
      .strict()
      .default({ outpatient: false, inpatient: true }),
    /** I.B.5 / IV.D: symptoms only in the narrative are integral to the diagnoses the assessment confirms. */
    dropNarrativeSymptoms: z.boolean().default(true),
    /** Procedures mentioned only in these sections were not done at this encounter (history, complaints, lists). */
    procedureIgnoreSections: z
      .array(z.string())
      .default([
        'chief_complaint',
        'hpi',
        'ros',
        'past_medical_history',
        'past_surgical_history',
        'medications',
        'allergies',
        'social_history',
        'family_history',
      ]),
    /**
     * Folder of the CMS-HCC map files (see hcc-map.ts), read at run time; null: no HCC column. The default is
     * ../shared/data/hcc beside the checkout when it exists, so the resolved config in the manifest says which.
     */
    hccData: z
      .string()
      .nullable()
      .default(() => defaultHccDir() ?? null),
    /**
     * A pipeline with rank-codes before this stage: a code whose fused score (features.rankScore) reaches
     * this is never dropped or replaced by the guidelines, only flagged `guideline_demoted` for review.
     * null (the default): the guidelines decide alone, as in the outpatient and inpatient pipelines.
     */
    keepRanked: z.number().min(0).max(1).nullable().default(null),
  })
  .strict();

type Options = z.infer<typeof options>;

export const applyGuidelinesStage: ChartStage<Options> = {
  kind: 'chart',
  name: 'apply-guidelines',
  requires: ['codes', 'mentions'],
  produces: ['codes'],
  options,
  check(opts) {
    loadGuidelineRules(opts.rules);
    loadSectionGroups(opts.sectionGroups);
  },
  setup(opts, ctx) {
    const rules = loadGuidelineRules(opts.rules);
    const groups = loadSectionGroups(opts.sectionGroups);
    const hcc = opts.hccData === null ? undefined : loadHccMap(opts.hccData);
    const ignoreProcedureIn = new Set(opts.procedureIgnoreSections);
    return (record) => {
      const ranked = rankedBefore(record.codes, opts.keepRanked);
      const kept = record.codes.flatMap((c) => judge(c, record.encounter.type, opts, rules, groups, ctx.codeSets));
      let codes = mergeDuplicates(kept);
      // Gaps first: a code that stands for less documentation is the one an Excludes1 pair gives way.
      codes = flagDocumentationGaps(codes, rules.documentationGaps, record, ctx.codeSets);
      // Unspecified mentions join their specific sibling first, so a combination sees one code per condition.
      codes = foldSuperseded(
        applyCombinations(foldUnspecified(codes), rules.combinations, ctx.codeSets),
        rules.supersededBy,
      );
      codes = codes.filter((c) => c.system === 'icd10cm' || !c.evidence.every((e) => ignoreProcedureIn.has(e.section)));
      if (opts.dropNarrativeSymptoms) codes = dropNarrativeSymptoms(codes, groups);
      codes = resolveExcludes1(codes, ctx.codeSets, rules);
      // Again: combinations and re-coding change codes (E11.9 "DM" + CKD → E11.22 still lacks a stated type).
      codes = flagDocumentationGaps(codes, rules.documentationGaps, record, ctx.codeSets);
      codes = restoreRanked(codes, ranked);
      sequenceDiagnoses(codes, record.sections, ctx.codeSets, rules, groups);
      pointDiagnoses(codes, record, groups);
      if (hcc) markHcc(codes, hcc);
      record.codes = codes;
      return record;
    };
  },
  async openBatch(opts) {
    // Recorded in the manifest (stageReports), so a batch says whether its hcc column was filled and from what.
    const report =
      opts.hccData === null
        ? {
            hcc: {
              model: HCC_MODEL,
              used: false,
              reason: 'no HCC map: hccData is null and ../shared/data/hcc was not found; the hcc column is empty',
            },
          }
        : { hcc: { model: HCC_MODEL, used: true, ...loadHccMap(opts.hccData).source } };
    return { close: async () => report };
  },
};

function judge(
  c: CodeSuggestion,
  encounter: EncounterType,
  opts: Options,
  rules: GuidelineRules,
  groups: SectionGroups,
  codeSets: CodeSetRegistry,
): CodeSuggestion[] {
  const ev = c.evidence[0]!;
  const isProcedure = c.system !== 'icd10cm';
  switch (ev.assertion) {
    case 'negated':
    case 'hypothetical':
      return [];
    case 'uncertain':
      if (isProcedure || !opts.codeUncertain[encounter]) return [];
      return [{ ...c, flags: [...c.flags, 'uncertain_dx'] }];
    case 'family':
      return isProcedure ? [] : derive(c, byLongestPrefix(rules.familyHistory, c.code), 'family', codeSets);
    case 'historical': {
      if (isProcedure) return [];
      const z = byLongestPrefix(rules.personalHistory, c.code);
      if (z) return derive(c, z, 'history', codeSets);
      if (rules.chronicWhenHistorical.some((p) => c.code.startsWith(p)))
        return [{ ...c, flags: [...c.flags, 'history_of'] }];
      return [];
    }
    default:
      if (isProcedure && groups.past.has(ev.section)) return [];
      if (isProcedure && ev.section === 'plan') return [{ ...c, flags: [...c.flags, 'planned_procedure'] }];
      return [c];
  }
}

const isSymptom = (c: CodeSuggestion) => c.system === 'icd10cm' && c.code.startsWith('R');
const inConclusion = (c: CodeSuggestion, groups: SectionGroups) =>
  c.evidence.some((e) => groups.conclusion.has(e.section));

/**
 * When the note's conclusions confirm a diagnosis, symptoms that appear only in the narrative (HPI,
 * ROS, exam) are the ones that diagnosis explains: not coded. Symptoms the assessment itself lists stay.
 */
function dropNarrativeSymptoms(codes: CodeSuggestion[], groups: SectionGroups): CodeSuggestion[] {
  const confirmed = codes.some(
    (c) =>
      c.system === 'icd10cm' &&
      !isSymptom(c) &&
      !c.code.startsWith('Z') &&
      inConclusion(c, groups) &&
      !c.flags.includes('uncertain_dx'),
  );
  return confirmed ? codes.filter((c) => !isSymptom(c) || inConclusion(c, groups)) : codes;
}

/**
 * Replace a condition by its history Z code; specificity questions about the condition no longer apply.
 * A target missing from the code set in force yields nothing (the starter-set test keeps them present).
 */
function derive(
  c: CodeSuggestion,
  code: string | undefined,
  kind: 'history' | 'family',
  codeSets: CodeSetRegistry,
): CodeSuggestion[] {
  const title = code ? codeSets.get('icd10cm').lookup(code)?.title : undefined;
  if (!code || !title) return [];
  return [
    {
      ...c,
      code,
      title,
      alternatives: [],
      flags: withoutQueryProvider(c.flags),
      features: { ...c.features, derived: kind },
    },
  ];
}
