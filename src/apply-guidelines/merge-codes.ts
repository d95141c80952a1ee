/**
 * One suggestion per code: duplicates merged with all their evidence kept, then codes superseded by
 * a more specific or combination code of the same chart folded into it (evidence moves along).
 */
import type { CodeSuggestion } from '../chart-record.js';
import type { GuidelineRules } from './guideline-rules.js';

export function mergeDuplicates(codes: CodeSuggestion[]): CodeSuggestion[] {
  const byKey = new Map<string, CodeSuggestion>();
  for (const c of codes) {
    const key = `${c.system}:${c.code}`;
    const prev = byKey.get(key);
    if (prev) absorb(prev, c);
    else byKey.set(key, { ...c, evidence: [...c.evidence], flags: [...c.flags], alternatives: [...c.alternatives] });
  }
  return [...byKey.values()];
}

export function foldSuperseded(codes: CodeSuggestion[], rules: GuidelineRules['supersededBy']): CodeSuggestion[] {
  const dropped = new Set<CodeSuggestion>();
  for (const c of codes) {
    if (c.system !== 'icd10cm') continue;
    for (const rule of rules) {
      if (rule.code !== c.code) continue;
      const winner = codes.find((w) => w !== c && !dropped.has(w) && w.system === 'icd10cm' && w.code !== c.code && w.code.startsWith(rule.byPrefix));
      if (!winner) continue;
      absorb(winner, c);
      dropped.add(c);
      break;
    }
  }
  return codes.filter((c) => !dropped.has(c));
}

function absorb(into: CodeSuggestion, from: CodeSuggestion): void {
  for (const e of from.evidence) {
    if (!into.evidence.some((x) => x.range.start === e.range.start && x.range.end === e.range.end)) into.evidence.push(e);
  }
  into.evidence.sort((a, b) => a.range.start - b.range.start);
  into.flags = [...new Set([...into.flags, ...from.flags])];
  const alts = new Map(into.alternatives.map((a) => [a.code, a]));
  for (const a of from.alternatives) if (!alts.has(a.code)) alts.set(a.code, a);
  into.alternatives = [...alts.values()].filter((a) => a.code !== into.code);
  if (from.features.matchType === 'exact') into.features.matchType = 'exact';
}

/**
 * An unspecified code that was chosen for lack of detail (flagged query_provider) is folded into a
 * specific sibling found elsewhere in the chart: the documentation did give the detail, just not at
 * every mention. The query flag does not travel.
 */
export function foldUnspecified(codes: CodeSuggestion[]): CodeSuggestion[] {
  const dropped = new Set<CodeSuggestion>();
  for (const c of codes) {
    if (!c.flags.some((f) => f.startsWith('query_provider'))) continue;
    const family = new Set(c.alternatives.map((a) => a.code));
    const winner = codes.find((w) => w !== c && !dropped.has(w) && w.system === c.system && family.has(w.code) && !w.flags.some((f) => f.startsWith('query_provider')));
    if (!winner) continue;
    absorb(winner, { ...c, flags: c.flags.filter((f) => !f.startsWith('query_provider')) });
    dropped.add(c);
  }
  return codes.filter((c) => !dropped.has(c));
}
