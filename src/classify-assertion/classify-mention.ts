/**
 * The assertion of one mention in its unit, with the section default applied — the single place
 * the stage and the trap-corpus evaluation decide it.
 */
import type { Assertion, TextRange } from '../chart-record.js';
import type { AssertionRules } from './assertion-rules.js';
import { classifyUnit, type AssertionDecision } from './context.js';

export function assertionsInUnit(text: string, unit: TextRange, mentions: TextRange[], section: string, rules: AssertionRules): AssertionDecision[] {
  const fallback: Assertion | undefined = rules.sectionDefaults[section];
  return classifyUnit(text, unit, mentions, rules).map((d) =>
    d.assertion === 'present' && fallback ? { assertion: fallback, ruleId: `section:${section}` } : d,
  );
}
