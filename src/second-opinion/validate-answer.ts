/**
 * Turn a model's answer into a second opinion, or discard it with a reason: the code must exist and be
 * billable in the code system in force, and the evidence must be found in the chart, word for word
 * (runs of whitespace may differ: the sentence was sent with its line breaks folded).
 * Example: {code: "E11.65", evidence: "A1c 9.8 on metformin"} → proposes_other E11.65 at [412, 432).
 */
import type { SecondOpinion, TextRange } from '../contract/chart-record.js';
import { canonicalCode } from '../code-systems/code-system.js';
import type { CodeSystem } from '../contract/code-sets.js';
import type { ModelAnswer } from './prompt.js';
import type { RowQuestion } from './row-questions.js';

const REASON_MAX = 300;

export function validateAnswer(answer: ModelAnswer, row: RowQuestion, text: string, system: CodeSystem): SecondOpinion {
  const discarded = (reason: string): SecondOpinion => ({ verdict: 'discarded', reason });
  let code: string | undefined;
  if (answer.code !== null) {
    code = canonicalCode(row.system, answer.code);
    const entry = system.lookup(code);
    if (!entry) return discarded('code_not_in_code_set');
    if (!entry.billable) return discarded('code_not_billable');
  }
  const evidence = findEvidence(text, answer.evidence, row);
  if (!evidence) return discarded('evidence_not_in_chart');
  const reason = answer.rationale.replace(/\s+/g, ' ').slice(0, REASON_MAX);
  if (code === undefined) return { verdict: 'no_code', reason, evidence };
  const verdict =
    code === row.code ? 'agrees' : row.candidates.some((c) => c.code === code) ? 'prefers_candidate' : 'proposes_other';
  return { verdict, code, reason, evidence };
}

/** The occurrence in the row's sentence if there is one, else the one nearest the row's evidence. */
export function findEvidence(
  text: string,
  quote: string,
  row: Pick<RowQuestion, 'sentenceRange' | 'evidenceRange'>,
): TextRange | undefined {
  const words = quote.trim().split(/\s+/).filter(Boolean);
  if (words.join('').length < 3) return undefined; // "a" or "." is found everywhere and proves nothing
  const re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'), 'g');
  let best: TextRange | undefined;
  const distance = (r: TextRange) => Math.abs(r.start - row.evidenceRange.start);
  for (const m of text.matchAll(re)) {
    const r = { start: m.index, end: m.index + m[0].length };
    if (r.start >= row.sentenceRange.start && r.end <= row.sentenceRange.end) return r;
    if (!best || distance(r) < distance(best)) best = r;
  }
  return best;
}
