/**
 * apply-guidelines — keep what the ICD-10-CM Official Guidelines let a coder report for this
 * encounter type, and say why where a human must look.
 *  - negated and hypothetical: dropped;
 *  - uncertain ("rule out", "probable"): dropped outpatient (IV.H; the symptoms are coded instead),
 *    kept and flagged `uncertain_dx` inpatient (II.H);
 *  - family: the family-history Z code (Z80–Z84) where one fits, else dropped;
 *  - historical: the personal-history Z code where one fits; chronic conditions kept, flagged `history_of`;
 *  - procedures: past ones dropped, planned ones flagged `planned_procedure`;
 *  - duplicates merged with all evidence; superseded and unspecified siblings folded into the specific code.
 * Requires: codes, mentions. Produces: codes.
 * Example: outpatient "rule out MI" → no I21 code; inpatient "probable pneumonia" → J18.9 flagged uncertain_dx.
 */
import path from 'node:path';
import { z } from 'zod';
import type { CodeSuggestion, EncounterType } from '../chart-record.js';
import type { CodeSetRegistry } from '../code-systems/registry.js';
import type { ChartStage } from '../pipeline/stage.js';
import { pipelinesDir } from '../paths.js';
import { byLongestPrefix, loadGuidelineRules, type GuidelineRules } from './guideline-rules.js';
import { foldSuperseded, foldUnspecified, mergeDuplicates } from './merge-codes.js';

const options = z
  .object({
    rules: z.string().default(path.join(pipelinesDir, 'rules', 'guidelines.json')),
    codeUncertain: z
      .object({ outpatient: z.boolean().default(false), inpatient: z.boolean().default(true) })
      .strict()
      .default({ outpatient: false, inpatient: true }),
  })
  .strict();

type Options = z.infer<typeof options>;

const PAST_SECTIONS = new Set(['past_surgical_history', 'past_medical_history']);

export const applyGuidelinesStage: ChartStage<Options> = {
  kind: 'chart',
  name: 'apply-guidelines',
  requires: ['codes', 'mentions'],
  produces: ['codes'],
  options,
  setup(opts, ctx) {
    const rules = loadGuidelineRules(opts.rules);
    return (record) => {
      const kept = record.codes.flatMap((c) => judge(c, record.encounter.type, opts, rules, ctx.codeSets));
      record.codes = foldUnspecified(foldSuperseded(mergeDuplicates(kept), rules.supersededBy));
      return record;
    };
  },
};

function judge(c: CodeSuggestion, encounter: EncounterType, opts: Options, rules: GuidelineRules, codeSets: CodeSetRegistry): CodeSuggestion[] {
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
      if (rules.chronicWhenHistorical.some((p) => c.code.startsWith(p))) return [{ ...c, flags: [...c.flags, 'history_of'] }];
      return [];
    }
    default:
      if (isProcedure && PAST_SECTIONS.has(ev.section)) return [];
      if (isProcedure && ev.section === 'plan') return [{ ...c, flags: [...c.flags, 'planned_procedure'] }];
      return [c];
  }
}

/**
 * Replace a condition by its history Z code; specificity questions about the condition no longer apply.
 * A target missing from the code set in force yields nothing (the starter-set test keeps them present).
 */
function derive(c: CodeSuggestion, code: string | undefined, kind: 'history' | 'family', codeSets: CodeSetRegistry): CodeSuggestion[] {
  const title = code ? codeSets.get('icd10cm').lookup(code)?.title : undefined;
  if (!code || !title) return [];
  return [{ ...c, code, title, alternatives: [], flags: c.flags.filter((f) => !f.startsWith('query_provider')), features: { ...c.features, derived: kind } }];
}
