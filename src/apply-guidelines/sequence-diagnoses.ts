/**
 * Reporting order of the diagnoses (`sequence`, 1 = first-listed; the principal diagnosis inpatient)
 * and the Tabular List's ordering instructions (I.A.13):
 *  - first-listed: the first condition the provider concludes, a principal / discharge / final /
 *    postoperative diagnosis section before other conclusions (IV.M: the postoperative diagnosis
 *    when it differs), conclusions before the narrative, a sign after a definitive diagnosis of the
 *    same rank; codes listed in `secondaryOnly` (status, history, external cause) and derived
 *    history and family Z codes last;
 *  - "Code first" (a manifestation after its etiology) and "Use additional code" (the code asking
 *    before its companion) reorder the list;
 *  - prompts: a manifestation whose underlying condition is not on the chart gets `code_first:<codes>`;
 *    an instruction listed in `additionalCodePrompts` whose companion is missing gets
 *    `use_additional_code:<codes> (<what>)`.
 * Example: D63.1 "anemia in CKD" + N18.4 → N18.4 sequenced before D63.1; D63.1 alone → code_first:N18.
 */
import type { CodeSuggestion, Section } from '../contract/chart-record.js';
import { anyRefCovers, refCovers } from '../code-systems/code-refs.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import { tabularOf } from '../code-systems/tabular-of.js';
import type { TabularFields } from '../contract/code-sets.js';
import type { SectionGroups } from '../contract/section-groups.js';
import type { GuidelineRules } from './guideline-rules.js';

const PRINCIPAL_TITLE = /\b(principal|primary|discharge|final|post-?op(erative)?)\b/i;
const PREOP_TITLE = /\bpre-?op(erative)?\b/i;

export function sequenceDiagnoses(
  codes: CodeSuggestion[],
  sections: Section[],
  codeSets: CodeSetRegistry,
  rules: Pick<GuidelineRules, 'additionalCodePrompts' | 'secondaryOnly'>,
  groups: Pick<SectionGroups, 'conclusion'>,
): void {
  const dx = codes.filter((c) => c.system === 'icd10cm');
  if (dx.length === 0 || !codeSets.has('icd10cm')) return;
  const prompts = rules.additionalCodePrompts;
  const fields = new Map(dx.map((c) => [c, tabularOf(codeSets.get('icd10cm'), c.code) ?? {}]));
  const key = (c: CodeSuggestion): [number, number] => {
    const [tier, at] = rankKey(c, sections, groups);
    // Status and history codes and external causes are never first-listed; a sign only when nothing definitive is (IV.D).
    return [tier + (anyRefCovers(rules.secondaryOnly, c.code) ? 4 : c.code.startsWith('R') ? 0.5 : 0), at];
  };
  const ordered = dx
    .map((c) => ({ c, key: key(c) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1])
    .map((x) => x.c);
  // Once per code: honourInstructions asks for every pair, three passes over.
  const required = new Map(dx.map((c) => [c, companions(fields.get(c)!, prompts)]));
  const requiredRefs = new Map(dx.map((c) => [c, required.get(c)!.flatMap((x) => x.refs)]));
  honourInstructions(
    ordered,
    (c) => fields.get(c)!.codeFirst,
    (c) => requiredRefs.get(c)!,
  );
  ordered.forEach((c, i) => (c.sequence = i + 1));
  for (const c of dx) addPrompts(c, fields.get(c)!, dx, required.get(c)!);
}

/** [tier, offset]: lower first. */
function rankKey(c: CodeSuggestion, sections: Section[], groups: Pick<SectionGroups, 'conclusion'>): [number, number] {
  if (c.features.derived) return [5, c.evidence[0]!.range.start];
  let best: [number, number] = [4, c.evidence[0]!.range.start];
  for (const e of c.evidence) {
    const title = sections.find((s) => e.range.start >= s.range.start && e.range.start < s.range.end)?.title ?? '';
    const tier = !groups.conclusion.has(e.section)
      ? 3
      : PRINCIPAL_TITLE.test(title)
        ? 0
        : PREOP_TITLE.test(title)
          ? 2
          : 1;
    if (tier < best[0] || (tier === best[0] && e.range.start < best[1])) best = [tier, e.range.start];
  }
  if (c.flags.includes('uncertain_dx') || c.flags.includes('history_of')) best[0] += 0.5;
  return best;
}

/**
 * Move each code that must come first right before the code that needs it: the etiology a
 * manifestation says to code first, the code whose required companion it is (a few passes settle chains).
 */
function honourInstructions(
  list: CodeSuggestion[],
  codeFirst: (c: CodeSuggestion) => string[] | undefined,
  companions: (c: CodeSuggestion) => string[],
): void {
  for (let pass = 0; pass < 3; pass++) {
    let moved = false;
    for (const b of [...list]) {
      for (const a of [...list]) {
        const [first, second] = anyRefCovers(codeFirst(b), a.code)
          ? [a, b]
          : anyRefCovers(companions(b), a.code)
            ? [b, a]
            : [a, a];
        if (first === second || list.indexOf(first) < list.indexOf(second)) continue;
        list.splice(list.indexOf(first), 1);
        list.splice(list.indexOf(second), 0, first);
        moved = true;
      }
    }
    if (!moved) return;
  }
}

/** The code's "use additional code" references that `additionalCodePrompts` makes required, with what they identify. */
function companions(
  f: TabularFields,
  prompts: GuidelineRules['additionalCodePrompts'],
): { refs: string[]; what: string }[] {
  return prompts
    .map((p) => ({
      refs: (f.useAdditionalCode ?? []).filter(
        (r) => anyRefCovers(p.codes, r.split('-')[0]!) || p.codes.some((q) => refCovers(r, q)),
      ),
      what: p.what,
    }))
    .filter((x) => x.refs.length > 0);
}

function addPrompts(
  c: CodeSuggestion,
  f: TabularFields,
  dx: CodeSuggestion[],
  required: { refs: string[]; what: string }[],
): void {
  const onChart = (refs: string[]) => dx.some((d) => d !== c && anyRefCovers(refs, d.code));
  const add = (flag: string) => c.flags.includes(flag) || c.flags.push(flag);
  if (f.codeFirstRequired && f.codeFirst && !onChart(f.codeFirst)) add(`code_first:${shortList(f.codeFirst)}`);
  for (const { refs, what } of required) if (!onChart(refs)) add(`use_additional_code:${shortList(refs)} (${what})`);
}

const shortList = (refs: string[]) => (refs.length > 4 ? `${refs.slice(0, 4).join(',')},…` : refs.join(','));
