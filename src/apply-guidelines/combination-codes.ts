/**
 * Combination codes (Official Guidelines I.B.9, I.A.15 "with", I.C.9.a): when the chart holds the
 * conditions a combination code classifies together, the separate codes are replaced by it and their
 * evidence moves along; the companions the combination does not include (the CKD stage, the heart
 * failure type) stay as codes of their own. The rules are data (`combinations` in guidelines.json),
 * tried in order, most specific first; a code replaced by one rule is gone for the later ones.
 * Example: I10 "hypertension" + N18.4 "CKD stage 4" → I12.9 (evidence of I10) + N18.4.
 */
import type { CodeSuggestion } from '../contract/chart-record.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import { anyRefCovers } from '../code-systems/code-refs.js';
import type { GuidelineRules } from './guideline-rules.js';
import { absorb } from './merge-codes.js';
import { ruleRegex } from './rule-regex.js';
import { withoutQueryProvider } from '../contract/flag-reasons.js';

type Rule = GuidelineRules['combinations'][number];

const isDx = (c: CodeSuggestion) => c.system === 'icd10cm' && !c.features.derived;

export function applyCombinations(codes: CodeSuggestion[], rules: Rule[], codeSets: CodeSetRegistry): CodeSuggestion[] {
  let out = codes;
  for (const rule of rules) out = applyRule(out, rule, codeSets);
  return out;
}

function applyRule(codes: CodeSuggestion[], rule: Rule, codeSets: CodeSetRegistry): CodeSuggestion[] {
  const title = codeSets.has('icd10cm') ? codeSets.get('icd10cm').lookup(rule.code)?.title : undefined;
  if (!title) return codes;
  const replaced = codes.filter((c) => isDx(c) && c.code !== rule.code && anyRefCovers(rule.replace, c.code));
  if (replaced.length === 0) return codes;
  const folded: CodeSuggestion[] = [];
  for (const group of rule.with) {
    const text = group.text ? ruleRegex(group.text) : undefined;
    const met = codes.filter(
      (c) => isDx(c) && anyRefCovers(group.codes, c.code) && (!text || c.evidence.some((e) => text.test(e.text))),
    );
    if (met.length === 0) return codes;
    if (group.fold) folded.push(...met.filter((c) => c.code !== rule.code));
  }
  const gone = new Set([...replaced, ...folded]);
  const existing = codes.find((c) => isDx(c) && c.code === rule.code);
  const [first, ...rest] = [...gone].sort((a, b) => a.evidence[0]!.range.start - b.evidence[0]!.range.start);
  const target: CodeSuggestion = existing ?? {
    ...first!,
    code: rule.code,
    title,
    evidence: [...first!.evidence],
    // A specificity query about a separate code does not survive into the combination that replaced it.
    flags: withoutQueryProvider(first!.flags),
    alternatives: [],
    features: { ...first!.features },
  };
  for (const c of existing ? [first!, ...rest] : rest) absorb(target, { ...c, flags: withoutQueryProvider(c.flags) });
  const kept = codes.filter((c) => !gone.has(c) && c !== existing);
  return [...kept, target];
}
