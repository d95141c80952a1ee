/**
 * Documentation gaps the code set cannot see: a code chosen by a default convention when the note did
 * not state a detail (diabetes type not stated → E11 by I.C.4.a.2). When none of the code's evidence
 * sentences states the detail, the code is flagged `query_provider:<what is missing>`, the query a
 * coder would send — unless a sentence states another value (`recode`: "type 1 DM" matched only as
 * "DM"), in which case the code moves to that value's category (E11.9 → E10.9). Rules are data
 * (`documentationGaps` in guidelines.json).
 * Example: "DM on metformin" → E11.9 flagged query_provider:diabetes type; "type 2 DM" → not flagged.
 */
import type { ChartRecord, CodeSuggestion, TextRange } from '../contract/chart-record.js';
import { anyRefCovers } from '../code-systems/code-refs.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import type { GuidelineRules } from './guideline-rules.js';
import { mergeDuplicates } from './merge-codes.js';
import { ruleRegex } from './rule-regex.js';

type Gap = GuidelineRules['documentationGaps'][number];

export function flagDocumentationGaps(
  codes: CodeSuggestion[],
  gaps: Gap[],
  record: Pick<ChartRecord, 'text' | 'mentions'>,
  codeSets: CodeSetRegistry,
): CodeSuggestion[] {
  // Made at the first code a gap covers: most charts have none, and this runs twice per chart.
  let units: Map<string, TextRange> | undefined;
  // The evidence's whole sentence counts: "type 2" may stand a few words from "diabetes".
  const sentences = (c: CodeSuggestion) =>
    c.evidence.map((e) => {
      units ??= new Map(record.mentions.map((m) => [m.id, m.unit]));
      const u = units.get(e.mentionId) ?? e.range;
      return record.text.slice(u.start, u.end);
    });
  for (const gap of gaps) {
    const stated = ruleRegex(gap.statedBy);
    for (const c of codes) {
      if (c.system !== 'icd10cm' || c.features.derived || !anyRefCovers(gap.codes, c.code)) continue;
      const said = sentences(c);
      if (said.some((t) => stated.test(t))) continue;
      const other = gap.recode.find((r) => said.some((t) => ruleRegex(r.statedBy).test(t)));
      const recoded = other ? `${other.category}${c.code.slice(3)}` : undefined;
      const title = recoded ? codeSets.get('icd10cm').lookup(recoded)?.title : undefined;
      if (recoded && title) Object.assign(c, { code: recoded, title, alternatives: [] });
      else if (!c.flags.includes(`query_provider:${gap.missing}`)) c.flags.push(`query_provider:${gap.missing}`);
    }
  }
  return mergeDuplicates(codes);
}
