/**
 * extract-mentions — find diagnosis, symptom and procedure mentions: split each section into units
 * (sentences, list items), then take the longest lexicon match at each token.
 * Requires: text, sections. Produces: mentions (assertion `present` until classify-assertion runs).
 * Example: "1. HTN 2. DM2" → mentions "HTN" (I10) and "DM2" (E11.9), each in its own unit.
 */
import { z } from 'zod';
import type { ChartRecord, CodeSystemId, Mention, MentionKind } from '../chart-record.js';
import type { ChartStage } from '../pipeline/stage.js';
import { readAttributes } from './attributes.js';
import { buildLexicon, type Lexicon, type TermHit } from './lexicon.js';
import { segment } from './segment.js';
import { tokenize } from './tokenize.js';

const options = z.object({}).strict();

export const extractMentionsStage: ChartStage<z.infer<typeof options>> = {
  kind: 'chart',
  name: 'extract-mentions',
  requires: ['text', 'sections'],
  produces: ['mentions'],
  options,
  setup(_opts, ctx) {
    const lexicon = buildLexicon(ctx.codeSets);
    return (record) => {
      record.mentions = findMentions(record, lexicon);
      return record;
    };
  },
};

export function findMentions(record: Pick<ChartRecord, 'text' | 'sections'>, lexicon: Lexicon): Mention[] {
  const mentions: Mention[] = [];
  for (const section of record.sections) {
    for (const unit of segment(record.text, section.range.start, section.range.end)) {
      const tokens = tokenize(record.text, unit.start, unit.end);
      for (let i = 0; i < tokens.length; ) {
        const m = lexicon.matchAt(tokens, i);
        if (!m) {
          i++;
          continue;
        }
        const start = tokens[m.from]!.start;
        const end = tokens[m.to - 1]!.end;
        const first = m.hits[0]!;
        mentions.push({
          id: `m${mentions.length + 1}`,
          range: { start, end },
          text: record.text.slice(start, end),
          kind: kindOf(m.hits),
          section: section.category,
          assertion: 'present',
          attributes: readAttributes(tokens, m.from, m.to),
          ruleId: `${first.system}:${first.code}:${first.matchType === 'abbreviation' ? 'abbr' : 'term'}`,
          termCodes: m.hits.map((h) => ({ system: h.system, code: h.code })),
          unit,
        });
        i = m.to;
      }
    }
  }
  return mentions;
}

const PROCEDURE_SYSTEMS = new Set<CodeSystemId>(['icd10pcs', 'cpt', 'hcpcs']);

function kindOf(hits: TermHit[]): MentionKind {
  if (hits.every((h) => PROCEDURE_SYSTEMS.has(h.system))) return 'procedure';
  return hits.some((h) => h.system === 'icd10cm' && h.code.startsWith('R')) ? 'symptom' : 'diagnosis';
}
