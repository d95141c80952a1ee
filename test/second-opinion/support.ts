/** A small chart, its review rows as questions, and a service around any chat model, for the second-opinion tests. */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { inMemoryCodeSystem } from '../../src/code-systems/code-system.js';
import type { CodeEntry } from '../../src/contract/code-sets.js';
import { registryOf } from '../../src/code-systems/registry.js';
import { AnswerCache } from '../../src/second-opinion/answer-cache.js';
import { ModelAsker } from '../../src/second-opinion/ask-model.js';
import { reviewRows } from '../../src/second-opinion/review-rows.js';
import type { RowQuestion } from '../../src/second-opinion/row-questions.js';
import { secondOpinionOptions, type SecondOpinionOptions } from '../../src/second-opinion/second-opinion-options.js';
import { SecondOpinionService } from '../../src/second-opinion/second-opinion-service.js';

const e = (code: string, title: string, billable = true): CodeEntry => ({
  code,
  title,
  billable,
  terms: [],
  abbreviations: [],
  specific: [],
});

export const codeSets = registryOf([
  inMemoryCodeSystem('icd10cm', 'test', { from: '2025-10-01', to: '2026-09-30' }, [
    e('E11', 'Type 2 diabetes mellitus', false),
    e('E11.9', 'Type 2 diabetes mellitus without complications'),
    e('E11.65', 'Type 2 diabetes mellitus with hyperglycemia'),
    e('I10', 'Essential (primary) hypertension'),
    e('R07.9', 'Chest pain, unspecified'),
  ]),
]);

export const TEXT =
  'ASSESSMENT:\n1. Type 2 diabetes,\n   poorly controlled with hyperglycemia, A1c 9.8.\n2. Chest pain, likely musculoskeletal.\n';

function row(
  code: string,
  title: string,
  phrase: string,
  sentence: string,
  candidates: { code: string; title: string }[] = [],
): RowQuestion {
  const s = TEXT.indexOf(sentence);
  const p = TEXT.indexOf(phrase);
  return {
    system: 'icd10cm',
    code,
    section: 'assessment',
    sentence: sentence.replace(/\s+/g, ' '),
    candidates: [{ code, title }, ...candidates],
    sentenceRange: { start: s, end: s + sentence.length },
    evidenceRange: { start: p, end: p + phrase.length },
  };
}

export const DM_ROW = row(
  'E11.9',
  'Type 2 diabetes mellitus without complications',
  'Type 2 diabetes',
  'Type 2 diabetes,\n   poorly controlled with hyperglycemia, A1c 9.8.',
  [{ code: 'E11.65', title: 'Type 2 diabetes mellitus with hyperglycemia' }],
);
export const CP_ROW = row('R07.9', 'Chest pain, unspecified', 'Chest pain', 'Chest pain, likely musculoskeletal.');

export const chart = (...rows: RowQuestion[]): RowQuestion[] => rows;

export const answer = (code: string | null, evidence: string, rationale = 'stated in the assessment') =>
  JSON.stringify({ code, evidence, rationale });

export function options(over: Partial<SecondOpinionOptions> = {}): SecondOpinionOptions {
  return { ...secondOpinionOptions.parse({ model: 'unused.mjs', allowChartTextToLeaveMachine: true }), ...over };
}

export function serviceFor(model: BaseChatModel, over: Partial<SecondOpinionOptions> = {}, cacheDir?: string) {
  const opts = options(over);
  const loaded = { model, identity: { module: 'test', class: model.getName() } };
  const asker = new ModelAsker(
    loaded,
    {
      concurrency: opts.concurrency,
      retries: opts.retries,
      callTimeoutMs: opts.callTimeoutSeconds * 1000,
      budget: opts.maxCallsPerBatch,
      retryDelayMs: 1,
    },
    cacheDir ? new AnswerCache(cacheDir) : undefined,
  );
  const service = new SecondOpinionService(asker, loaded, opts, cacheDir);
  // As the stage does: ask, validate against the chart text and code set, tally.
  return Object.assign(service, { opinions: (rows: RowQuestion[]) => reviewRows(service, rows, TEXT, codeSets) });
}
