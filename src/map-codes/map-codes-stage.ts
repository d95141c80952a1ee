/**
 * map-codes — turn each mention into code suggestions: diagnoses to ICD-10-CM, procedures to the
 * systems of the encounter type (CPT/HCPCS outpatient, ICD-10-PCS inpatient), at the most specific code
 * the attributes support. One suggestion per mention here; apply-guidelines merges and filters.
 * Requires: mentions. Produces: codes.
 * A code needing a 7th character gets one (seventh-character.ts).
 * Example: mention "otitis media" with laterality right → H66.91, alternatives H66.90, H66.92, H66.93.
 */
import { z } from 'zod';
import {
  pageAt,
  type ChartRecord,
  type CodeSuggestion,
  type CodeSystemId,
  type Mention,
} from '../contract/chart-record.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import type { ChartStage } from '../contract/stage.js';
import { chooseSpecificCached } from './choose-specific.js';
import { completeSeventh, isEpisodeSeventh } from './seventh-character.js';
import { tabularOf } from '../code-systems/tabular-of.js';

const systemList = z.array(z.enum(['icd10cm', 'icd10pcs', 'cpt', 'hcpcs']));
const options = z
  .object({
    diagnosisSystems: systemList.default(['icd10cm']),
    procedureSystems: z
      .object({ outpatient: systemList.default(['cpt', 'hcpcs']), inpatient: systemList.default(['icd10pcs']) })
      .strict()
      .default({ outpatient: ['cpt', 'hcpcs'], inpatient: ['icd10pcs'] }),
  })
  .strict();

type Options = z.infer<typeof options>;

export const mapCodesStage: ChartStage<Options> = {
  kind: 'chart',
  name: 'map-codes',
  requires: ['mentions'],
  produces: ['codes'],
  options,
  setup(opts, ctx) {
    return (record) => {
      const systems = new Set<CodeSystemId>([
        ...opts.diagnosisSystems,
        ...opts.procedureSystems[record.encounter.type],
      ]);
      record.codes = record.mentions.flatMap((m) => suggestionsFor(record, m, systems, ctx.codeSets));
      return record;
    };
  },
};

function suggestionsFor(
  record: ChartRecord,
  m: Mention,
  systems: Set<CodeSystemId>,
  codeSets: CodeSetRegistry,
): CodeSuggestion[] {
  const targets = m.termCodes.filter((t) => systems.has(t.system) && codeSets.has(t.system));
  const out: CodeSuggestion[] = [];
  for (const system of new Set(targets.map((t) => t.system))) {
    const entries = targets.filter((t) => t.system === system).map((t) => codeSets.get(system).lookup(t.code)!);
    const choices = entries.map((e) => {
      const c = chooseSpecificCached(e, m.attributes);
      return { entry: e, code: c.code, missing: c.missing, others: c.others };
    });
    const first = choices[0]!;
    const flags: string[] = [];
    let missing = first.missing;
    if (system === 'icd10cm') {
      const seventh = completeSeventh(first.code, codeSets.get(system), m.attributes.episode);
      first.code = seventh.code;
      // An episode of care the note does not state is a 7th character chosen by default, not a query about the condition.
      const needsSeventh = isEpisodeSeventh(tabularOf(codeSets.get(system), first.code)?.seventh);
      if (seventh.missing || (needsSeventh && !m.attributes.episode)) flags.push('missing_7th_char');
      if (needsSeventh)
        missing =
          missing
            ?.split('+')
            .filter((k) => k !== 'episode')
            .join('+') || undefined;
    }
    if (missing) flags.unshift(`query_provider:${missing}`);
    if (choices.length > 1) flags.push('multiple_candidates');
    const alternatives = [
      ...choices.slice(1).map((c) => ({ code: c.code, score: 0.5 })),
      ...first.others.map((code) => ({ code, score: 0.2 })),
    ];
    out.push({
      system,
      code: first.code,
      title: codeSets.get(system).lookup(first.code)!.title,
      confidence: 0,
      status: 'review',
      evidence: [
        {
          range: m.range,
          text: m.text,
          section: m.section,
          page: pageAt(record, m.range.start),
          mentionId: m.id,
          assertion: m.assertion,
        },
      ],
      flags,
      alternatives,
      features: { matchType: m.ruleId.endsWith(':abbr') ? 'abbreviation' : 'exact' },
    });
  }
  return out;
}
