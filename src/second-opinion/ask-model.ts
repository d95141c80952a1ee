/**
 * One question to the user's chat model through a Runnable chain: prompt → (cache, budget, concurrency
 * limit, retries) → model → zod-checked JSON parser. The middle link is ours so that a cached answer
 * costs no call, the budget counts every attempt, and a model error never escapes with its text (a
 * provider error may echo the prompt, which is chart text).
 */
import type { BaseMessage } from '@langchain/core/messages';
import { OutputParserException } from '@langchain/core/output_parsers';
import type { BasePromptValueInterface } from '@langchain/core/prompt_values';
import { RunnableLambda, RunnableSequence, type RunnableConfig } from '@langchain/core/runnables';
import pLimit, { type LimitFunction } from 'p-limit';
import { AnswerCache } from './answer-cache.js';
import type { LoadedModel } from './load-chat-model.js';
import { answerParser, promptVariables, secondOpinionPrompt, type ModelAnswer, type PromptInput } from './prompt.js';

export type NotAnsweredReason = 'budget_exhausted' | 'model_failed';
export type AskResult =
  | { ok: true; answer: ModelAnswer; cached: boolean }
  | { ok: false; reason: NotAnsweredReason | 'malformed_answer'; cached: boolean };

export interface AskLimits {
  concurrency: number;
  retries: number;
  callTimeoutMs: number;
  /** Model calls allowed in all, attempts included. */
  budget: number;
  /** First pause before a retry; doubled each time. */
  retryDelayMs: number;
}

class NotAnswered extends Error {
  constructor(readonly reason: NotAnsweredReason) {
    super(reason);
  }
}

interface Ticket {
  cached: boolean;
}

export class ModelAsker {
  readonly counts = { calls: 0, failedCalls: 0, cacheHits: 0 };
  private readonly limit: LimitFunction;
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly chain;

  constructor(
    private readonly loaded: LoadedModel,
    private readonly limits: AskLimits,
    private readonly cache?: AnswerCache,
  ) {
    this.limit = pLimit(limits.concurrency);
    const answerText = RunnableLambda.from((pv: BasePromptValueInterface, config?: RunnableConfig) =>
      this.answerText(pv, config?.configurable?.ticket as Ticket),
    );
    this.chain = RunnableSequence.from([secondOpinionPrompt, answerText, answerParser]);
  }

  async ask(input: PromptInput): Promise<AskResult> {
    const ticket: Ticket = { cached: false };
    try {
      const answer = await this.chain.invoke(promptVariables(input), { configurable: { ticket } });
      return { ok: true, answer, cached: ticket.cached };
    } catch (e) {
      if (e instanceof NotAnswered) return { ok: false, reason: e.reason, cached: false };
      if (e instanceof OutputParserException || (e as Error).name === 'OutputParserException')
        return { ok: false, reason: 'malformed_answer', cached: ticket.cached };
      return { ok: false, reason: 'model_failed', cached: ticket.cached };
    }
  }

  private async answerText(pv: BasePromptValueInterface, ticket: Ticket): Promise<string> {
    const { class: cls, name } = this.loaded.identity;
    const messages = pv.toChatMessages().map((m: BaseMessage) => [m.getType(), m.content]);
    const key = AnswerCache.key({ model: { class: cls, name }, messages });
    const pending = this.inflight.get(key);
    if (pending) {
      // The same question from another chart, still in flight (or still reading the cache): share its
      // answer, count it as a hit. Registered before any await, so two askers never both call.
      this.counts.cacheHits++;
      ticket.cached = true;
      return pending;
    }
    const work = (async () => {
      const hit = await this.cache?.get(key);
      if (hit !== undefined) {
        this.counts.cacheHits++;
        ticket.cached = true;
        return hit;
      }
      const text = await this.limit(() => this.callWithRetries(pv));
      await this.cache?.put(key, text);
      return text;
    })();
    this.inflight.set(key, work);
    try {
      return await work;
    } finally {
      this.inflight.delete(key);
    }
  }

  private async callWithRetries(pv: BasePromptValueInterface): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      if (this.counts.calls >= this.limits.budget) throw new NotAnswered('budget_exhausted');
      this.counts.calls++;
      try {
        const message = await this.loaded.model.invoke(pv, { signal: AbortSignal.timeout(this.limits.callTimeoutMs) });
        return typeof message.content === 'string' ? message.content : message.text;
      } catch {
        // The error is dropped on purpose: its message may quote the prompt.
        this.counts.failedCalls++;
        if (attempt >= this.limits.retries) throw new NotAnswered('model_failed');
        await new Promise((r) => setTimeout(r, this.limits.retryDelayMs * 2 ** attempt));
      }
    }
  }
}
