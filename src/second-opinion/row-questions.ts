/**
 * The question about each review row of a chart: its sentence (the mention's sentence or list item),
 * section and candidate codes with their titles, plus the ranges the answer is checked against.
 * Example: E11.9 review row in "Type 2 DM, A1c 7.9." → candidates E11.9, E11.65 with titles.
 */
import type { ChartRecord, CodeSuggestion, TextRange } from '../contract/chart-record.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import type { PromptInput } from './prompt.js';

export interface RowQuestion extends PromptInput {
  /** The rules' code (first candidate). */
  code: string;
  sentenceRange: TextRange;
  evidenceRange: TextRange;
}

/** A sentence longer than this is cut around the evidence: the model needs the context, not the page. */
const MAX_SENTENCE = 600;

export function rowQuestion(record: ChartRecord, c: CodeSuggestion, codeSets: CodeSetRegistry): RowQuestion {
  const ev = c.evidence[0]!;
  const unit = record.mentions.find((m) => m.id === ev.mentionId)?.unit ?? lineAround(record.text, ev.range);
  const sentenceRange = clip(unit, ev.range);
  const system = codeSets.has(c.system) ? codeSets.get(c.system) : undefined;
  const title = (code: string) => system?.lookup(code)?.title ?? '';
  const candidates = [
    { code: c.code, title: c.title },
    ...c.alternatives.filter((a) => a.code !== c.code).map((a) => ({ code: a.code, title: title(a.code) })),
  ];
  return {
    system: c.system,
    code: c.code,
    section: ev.section,
    sentence: record.text.slice(sentenceRange.start, sentenceRange.end).replace(/\s+/g, ' ').trim(),
    candidates,
    sentenceRange,
    evidenceRange: ev.range,
  };
}

function lineAround(text: string, r: TextRange): TextRange {
  const start = text.lastIndexOf('\n', r.start - 1) + 1;
  const nl = text.indexOf('\n', r.end);
  return { start, end: nl < 0 ? text.length : nl };
}

function clip(unit: TextRange, ev: TextRange): TextRange {
  if (unit.end - unit.start <= MAX_SENTENCE) return unit;
  const start = Math.max(unit.start, Math.min(ev.start - MAX_SENTENCE / 2, unit.end - MAX_SENTENCE));
  return { start, end: Math.min(unit.end, start + MAX_SENTENCE) };
}
