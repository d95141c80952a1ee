/**
 * The assertion of one mention in its unit, with the section default applied — the single place
 * the stage and the trap-corpus evaluation decide it.
 */
import type { Assertion, TextRange } from '../contract/chart-record.js';
import type { AssertionRules } from './assertion-rules.js';
import { classifyUnit, type AssertionDecision } from './context.js';
import type { Token } from '../contract/chart-record.js';

/** `tokens`: the unit's tokens when already made (extract-mentions shares them), else they are made here. */
export function assertionsInUnit(
  text: string,
  unit: TextRange,
  mentions: TextRange[],
  section: string,
  rules: AssertionRules,
  tokens?: Token[],
): AssertionDecision[] {
  const fallback: Assertion | undefined = rules.sectionDefaults[section];
  return classifyUnit(text, unit, mentions, rules, tokens).map((d) =>
    d.assertion === 'present' && fallback ? { assertion: fallback, ruleId: `section:${section}` } : d,
  );
}
