/**
 * classify-assertion — mark each mention present, negated, uncertain, historical, hypothetical or
 * family, by ConText rules (pipelines/rules/assertion.json) within its unit, then section defaults
 * (everything in a family-history section is the family's unless negated). A trigger may apply to one
 * encounter type only ("resolved" is history at an office visit, not in a discharge summary).
 * Requires: mentions. Produces: mentions[].assertion, mentions[].assertionRule; reads and then removes the
 * unitTokens extract-mentions left (no later stage needs them).
 * Example: "Denies: fever, chills" → both mentions negated by trigger "denies".
 */
import path from 'node:path';
import { z } from 'zod';
import type { ChartRecord, Mention, TextRange, Token } from '../contract/chart-record.js';
import type { ChartStage } from '../contract/stage.js';
import { pipelinesDir } from '../contract/paths.js';
import { loadAssertionRules, rulesForEncounter } from './assertion-rules.js';
import { assertionsInUnit } from './classify-mention.js';

const options = z.object({ rules: z.string().default(path.join(pipelinesDir, 'rules', 'assertion.json')) }).strict();

export const classifyAssertionStage: ChartStage<z.infer<typeof options>> = {
  kind: 'chart',
  name: 'classify-assertion',
  requires: ['mentions'],
  produces: ['mentions'],
  options,
  check: (opts) => void loadAssertionRules(opts.rules),
  setup(opts) {
    const all = loadAssertionRules(opts.rules);
    const byEncounter = {
      outpatient: rulesForEncounter(all, 'outpatient'),
      inpatient: rulesForEncounter(all, 'inpatient'),
    };
    return (record) => {
      const rules = byEncounter[record.encounter.type];
      for (const group of byUnit(record.mentions)) {
        const unit = group[0]!.unit;
        const decisions = assertionsInUnit(
          record.text,
          unit,
          group.map((m) => m.range),
          group[0]!.section,
          rules,
          tokensOf(record, unit),
        );
        group.forEach((m, i) => {
          const d = decisions[i]!;
          m.assertion = d.assertion;
          if (d.ruleId) m.assertionRule = d.ruleId;
        });
      }
      delete record.unitTokens;
      return record;
    };
  },
};

/** The tokens extract-mentions made of exactly this unit, if it left them. */
function tokensOf(record: ChartRecord, unit: TextRange): Token[] | undefined {
  const u = record.unitTokens?.get(unit.start);
  return u && u.end === unit.end ? u.tokens : undefined;
}

function byUnit(mentions: Mention[]): Mention[][] {
  const groups = new Map<number, Mention[]>();
  for (const m of mentions) {
    const g = groups.get(m.unit.start);
    if (g) g.push(m);
    else groups.set(m.unit.start, [m]);
  }
  return [...groups.values()];
}
