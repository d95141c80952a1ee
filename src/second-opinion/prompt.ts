/**
 * What the model is asked about one review row, and the shape its answer must have. Only the row's
 * sentence, its section and the candidate codes are sent: never the chart id, the file name or the rest
 * of the chart. The answer is JSON checked by a zod schema (StructuredOutputParser); anything else is
 * a malformed answer.
 */
import { StructuredOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { z } from 'zod';
import type { CodeSystemId } from '../contract/chart-record.js';

export const answerSchema = z.object({
  code: z.string().trim().min(1).max(16).nullable(),
  evidence: z.string().min(1).max(500),
  rationale: z.string().trim().min(1).max(1000),
});

export type ModelAnswer = z.infer<typeof answerSchema>;

export const answerParser = StructuredOutputParser.fromZodSchema(answerSchema);

const SYSTEM_NAMES: Record<CodeSystemId, string> = {
  icd10cm: 'ICD-10-CM (diagnoses)',
  icd10pcs: 'ICD-10-PCS (inpatient procedures)',
  cpt: 'CPT (procedures)',
  hcpcs: 'HCPCS Level II',
};

// Braces are doubled: this is an f-string template.
const SYSTEM = `You are a certified medical coder giving a second opinion on one code that automated rules could not settle.
Judge only from the sentence you are given, under the official coding guidelines.
Reply with one JSON object and nothing else:
{{"code": "<the code the sentence supports, or null>", "evidence": "<the words of the sentence that support it, copied exactly>", "rationale": "<one short sentence>"}}
Choose one of the candidate codes when one fits. Propose another billable code of the same code system only when none fits.
Answer null when the sentence supports no code for this condition (negated, ruled out, only planned, or not the patient's).`;

const HUMAN = `Code system: {system}
Section: {section}
Sentence: {sentence}
Candidates (the first is the rules' choice):
{candidates}`;

export const secondOpinionPrompt = ChatPromptTemplate.fromMessages([
  ['system', SYSTEM],
  ['human', HUMAN],
]);

export interface PromptInput {
  system: CodeSystemId;
  section: string;
  sentence: string;
  candidates: { code: string; title: string }[];
}

export function promptVariables(q: PromptInput): Record<string, string> {
  return {
    system: SYSTEM_NAMES[q.system],
    section: q.section,
    sentence: q.sentence,
    candidates: q.candidates.map((c) => `- ${c.code}: ${c.title}`).join('\n'),
  };
}
