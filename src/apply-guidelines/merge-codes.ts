/**
 * One suggestion per code: duplicates merged with all their evidence kept, then codes superseded by
 * a more specific or combination code of the same chart folded into it (evidence moves along).
 */
import type { CodeSuggestion } from '../contract/chart-record.js';
import type { GuidelineRules } from './guideline-rules.js';
import { isQueryProvider, withoutQueryProvider } from '../contract/flag-reasons.js';

export function mergeDuplicates(codes: CodeSuggestion[]): CodeSuggestion[] {
  // Evidence is deduplicated by a key set and sorted once per code: a chart repeating one diagnosis
  // tens of thousands of times must cost linear time, not a scan and a sort per repetition.
  // The key set is made at a code's first duplicate: most codes have none, and this runs four times per chart.
  const byKey = new Map<string, { into: CodeSuggestion; seen?: Set<string> }>();
  for (const c of codes) {
    const key = `${c.system}:${c.code}`;
    const prev = byKey.get(key);
    if (!prev) {
      const into = { ...c, evidence: [...c.evidence], flags: [...c.flags], alternatives: [...c.alternatives] };
      byKey.set(key, { into });
      continue;
    }
    prev.seen ??= new Set(prev.into.evidence.map(rangeKey));
    for (const e of c.evidence) {
      if (prev.seen.has(rangeKey(e))) continue;
      prev.seen.add(rangeKey(e));
      prev.into.evidence.push(e);
    }
    absorb(prev.into, { ...c, evidence: [] }, false);
  }
  return [...byKey.values()].map(({ into }) => {
    into.evidence.sort((a, b) => a.range.start - b.range.start);
    return into;
  });
}

const rangeKey = (e: CodeSuggestion['evidence'][number]) => `${e.range.start}:${e.range.end}`;

export function foldSuperseded(codes: CodeSuggestion[], rules: GuidelineRules['supersededBy']): CodeSuggestion[] {
  const dropped = new Set<CodeSuggestion>();
  for (const c of codes) {
    if (c.system !== 'icd10cm') continue;
    for (const rule of rules) {
      if (rule.code !== c.code) continue;
      const winner = codes.find(
        (w) =>
          w !== c && !dropped.has(w) && w.system === 'icd10cm' && w.code !== c.code && w.code.startsWith(rule.byPrefix),
      );
      if (!winner) continue;
      // The winner is the more specific code: a query about the detail the folded code lacked is answered.
      absorb(winner, { ...c, flags: withoutQueryProvider(c.flags) });
      dropped.add(c);
      break;
    }
  }
  return codes.filter((c) => !dropped.has(c));
}

/** Move `from`'s evidence, flags and alternatives into `into` (evidence in note order, no duplicates). */
export function absorb(into: CodeSuggestion, from: CodeSuggestion, sort = true): void {
  for (const e of from.evidence) {
    if (!into.evidence.some((x) => x.range.start === e.range.start && x.range.end === e.range.end))
      into.evidence.push(e);
  }
  if (sort) into.evidence.sort((a, b) => a.range.start - b.range.start);
  // A condition stated once as current and certain is established: "probable" or "history of" elsewhere does not undo that.
  const qualifiers = ['uncertain_dx', 'history_of'].filter((q) => !(into.flags.includes(q) && from.flags.includes(q)));
  into.flags = [...new Set([...into.flags, ...from.flags])].filter((f) => !qualifiers.includes(f));
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
    if (!c.flags.some(isQueryProvider)) continue;
    const family = new Set(c.alternatives.map((a) => a.code));
    const winner = codes.find(
      (w) =>
        w !== c && !dropped.has(w) && w.system === c.system && family.has(w.code) && !w.flags.some(isQueryProvider),
    );
    if (!winner) continue;
    absorb(winner, { ...c, flags: withoutQueryProvider(c.flags) });
    dropped.add(c);
  }
  return codes.filter((c) => !dropped.has(c));
}
