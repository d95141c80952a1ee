/**
 * second-opinion — optional, off unless a pipeline lists it: asks the user's LangChain chat model about
 * each `review` row (its sentence, section and candidate codes only), keeps the answers that pass
 * validation (code exists and is billable in the code set in force, evidence found in the chart) and
 * records the rest as discarded with a reason. The opinion is a column unless `changeStatus` /
 * `replaceCode` let it act. Refused unless `allowChartTextToLeaveMachine` is true.
 * Requires: codes, mentions. Produces: codes[].secondOpinion (and status/code when allowed to act).
 * Example: I50.9 review row, model answers {"code": "I50.23", "evidence": "acute on chronic systolic heart
 * failure", …} → second_opinion = proposes_other, second_opinion_code = I50.23.
 */
import path from 'node:path';
import type { ChartStage } from '../contract/stage.js';
import { applyOpinion } from './apply-opinion.js';
import { questionClient, serveQuestions, type QuestionClient } from './question-channel.js';
import { rowQuestion } from './row-questions.js';
import { secondOpinionOptions, type SecondOpinionOptions } from './second-opinion-options.js';
import { reviewRows } from './review-rows.js';

/** The answers travel back after the service's own wait; a little more lets them arrive. */
const CLIENT_GRACE_MS = 10_000;

/** Loaded only when the stage is used: LangChain need not slow down every start-up and worker. */
const openService = async (...args: Parameters<typeof import('./second-opinion-service.js').openService>) =>
  (await import('./second-opinion-service.js')).openService(...args);

export const secondOpinionStage: ChartStage<SecondOpinionOptions> = {
  kind: 'chart',
  name: 'second-opinion',
  requires: ['codes', 'mentions'],
  produces: ['codes'],
  options: secondOpinionOptions,
  // Its chart function asks the batch's own service (through the batch folder).
  setupPerBatch: true,
  async openBatch(opts, ctx) {
    const cacheDir = opts.cacheDir ?? path.join(ctx.batch.dir, 'second-opinion-cache');
    const service = await openService(opts, cacheDir, ctx.pipeline.configPath);
    const server = serveQuestions(ctx.batch.dir, service);
    return {
      async close() {
        const report = await service.report();
        server.close();
        // The batch folder is renamed when committed: name the default cache by its place in the batch.
        return opts.cacheDir ? report : { ...report, cacheDir: 'second-opinion-cache (in the batch folder)' };
      },
    };
  },
  async setup(opts, ctx) {
    // In a batch the service lives on the calling thread (one budget for all workers); alone
    // (`chartcoder explain`, library use) the stage opens its own, cached only if cacheDir is set.
    const client: QuestionClient = ctx.batch
      ? questionClient(ctx.batch.dir, opts.chartWaitSeconds * 1000 + CLIENT_GRACE_MS)
      : await openService(opts, opts.cacheDir, ctx.pipeline.configPath);
    return async (record) => {
      const rows = record.codes.filter((c) => c.status === 'review');
      if (rows.length === 0) return record;
      const questions = rows.map((c) => rowQuestion(record, c, ctx.codeSets));
      const opinions = await reviewRows(client, questions, record.text, ctx.codeSets);
      rows.forEach((c, i) => applyOpinion(record, c, opinions[i]!, opts, ctx.codeSets));
      return record;
    };
  },
};
