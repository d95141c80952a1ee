/**
 * Options of the second-opinion stage. Sending chart text to a model is never a default: the config
 * must say so in so many words (`allowChartTextToLeaveMachine: true`) or it is refused when loaded.
 */
import { z } from 'zod';

const PHI_MESSAGE =
  'expected true: this stage sends the sentences of review rows (chart text, PHI) to the chat model named in "model"; ' +
  'set allowChartTextToLeaveMachine to true only if that model may receive them';

export const secondOpinionOptions = z
  .object({
    /** Path (relative to the config) of an ES module whose default or `model` export is a LangChain chat model, or a function returning one. */
    model: z.string().min(1),
    allowChartTextToLeaveMachine: z.literal(true, { error: PHI_MESSAGE }),
    /** LangChain tracing (LANGSMITH_TRACING, …) would send prompts to a tracing service too: refused unless allowed here. */
    allowTracing: z.boolean().default(false),
    /** Rows the model agrees with, held back only by low_confidence or multiple_candidates, become `auto`. */
    changeStatus: z.boolean().default(false),
    /** A validated other code replaces the row's code (the row stays `review`, the old code goes to alternatives). */
    replaceCode: z.boolean().default(false),
    /** Model calls in flight at once, over the whole batch. */
    concurrency: z.number().int().min(1).max(64).default(4),
    /** Further attempts after a call throws (network, rate limit); each attempt counts against the budget. */
    retries: z.number().int().min(0).max(10).default(2),
    callTimeoutSeconds: z.number().positive().max(600).default(60),
    /** Model calls one batch may make (cache hits are free); rows past it are `not_asked: budget_exhausted`. */
    maxCallsPerBatch: z.number().int().min(0).default(500),
    /** How long one chart waits for its answers; rows still unanswered are `not_asked: timeout`. Keep it under --chart-timeout. */
    chartWaitSeconds: z.number().positive().max(3600).default(90),
    /** Answer cache folder (owner-only); default `second-opinion-cache/` inside the batch folder. */
    cacheDir: z.string().min(1).optional(),
  })
  .strict();

export type SecondOpinionOptions = z.infer<typeof secondOpinionOptions>;
