/**
 * One chart's review rows through the service and back: ask (only the prompt inputs leave this
 * thread), validate each answer here where the chart text and the chart's code set are, and tally the
 * verdicts for the manifest.
 */
import type { SecondOpinion } from '../contract/chart-record.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import type { QuestionClient } from './question-channel.js';
import type { RowQuestion } from './row-questions.js';
import { validateAnswer } from './validate-answer.js';

export async function reviewRows(
  client: QuestionClient,
  questions: RowQuestion[],
  text: string,
  codeSets: CodeSetRegistry,
): Promise<SecondOpinion[]> {
  const answers = await client.review(
    questions.map(({ system, section, sentence, candidates }) => ({ system, section, sentence, candidates })),
  );
  const opinions = answers.map((a, i) =>
    'answer' in a ? validateAnswer(a.answer, questions[i]!, text, codeSets.get(questions[i]!.system)) : a.opinion,
  );
  client.tally(opinions.map(({ verdict, reason }) => ({ verdict, reason })));
  return opinions;
}
