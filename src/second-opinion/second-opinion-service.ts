/**
 * The run-wide side of the stage: one model, one budget, one concurrency limit, one cache for every
 * chart of a batch, whichever worker codes it. It asks about each review row and hands back the parsed
 * answers; the chart function validates them (it holds the chart text and the code set in force for
 * that chart's date) and tallies the verdicts back here for the manifest: counts and reason codes only.
 */
import path from 'node:path';
import type { SecondOpinion } from '../contract/chart-record.js';
import { ChartcoderError } from '../contract/errors.js';
import { AnswerCache } from './answer-cache.js';
import { ModelAsker } from './ask-model.js';
import { loadChatModel, type LoadedModel } from './load-chat-model.js';
import type { ModelAnswer, PromptInput } from './prompt.js';
import type { SecondOpinionOptions } from './second-opinion-options.js';

/** The environment switches that make LangChain send every prompt to a tracing service. */
const TRACING_VARS = ['LANGSMITH_TRACING_V2', 'LANGCHAIN_TRACING_V2', 'LANGSMITH_TRACING', 'LANGCHAIN_TRACING'];

/** A parsed answer still to validate, or already the row's opinion (malformed, not asked). */
export type RowAnswer = { answer: ModelAnswer } | { opinion: SecondOpinion };

export interface SecondOpinionReport {
  chartTextLeftMachine: boolean;
  model: LoadedModel['identity'];
  cacheDir: string | null;
  charts: number;
  rowsAsked: number;
  modelCalls: number;
  failedCalls: number;
  cacheHits: number;
  budget: number;
  answers: Record<string, number>;
  rejected: { total: number; byReason: Record<string, number> };
  notAsked: Record<string, number>;
}

/** How long `report` waits for the last charts' tallies to arrive from the workers. */
const TALLY_WAIT_MS = 2000;

export class SecondOpinionService {
  private charts = 0;
  private tallied = 0;
  private rowsAsked = 0;
  private readonly answers: Record<string, number> = {};
  private readonly rejected: Record<string, number> = {};
  private readonly notAsked: Record<string, number> = {};

  constructor(
    private readonly asker: ModelAsker,
    private readonly loaded: LoadedModel,
    private readonly opts: SecondOpinionOptions,
    private readonly cacheDir: string | undefined,
  ) {}

  /** Answers for one chart's review rows; rows not answered within `chartWaitSeconds` are `not_asked: timeout`. */
  async review(rows: PromptInput[]): Promise<RowAnswer[]> {
    this.charts++;
    this.rowsAsked += rows.length;
    const out: (RowAnswer | undefined)[] = rows.map(() => undefined);
    const work = Promise.all(rows.map(async (row, i) => (out[i] = await this.one(row))));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise((resolve) => (timer = setTimeout(resolve, this.opts.chartWaitSeconds * 1000)));
    await Promise.race([work, late]).finally(() => clearTimeout(timer));
    return out.map((a): RowAnswer => a ?? { opinion: { verdict: 'not_asked', reason: 'timeout' } });
  }

  /** The verdicts of one chart, once validated. */
  tally(opinions: Pick<SecondOpinion, 'verdict' | 'reason'>[]): void {
    this.tallied++;
    const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
    for (const o of opinions) {
      if (o.verdict === 'discarded') bump(this.rejected, o.reason);
      else if (o.verdict === 'not_asked') bump(this.notAsked, o.reason);
      else bump(this.answers, o.verdict);
    }
  }

  async report(): Promise<SecondOpinionReport> {
    // Tallies travel on another channel than the finished charts: give the last ones a moment.
    for (let waited = 0; this.tallied < this.charts && waited < TALLY_WAIT_MS; waited += 20)
      await new Promise((r) => setTimeout(r, 20));
    const c = this.asker.counts;
    return {
      chartTextLeftMachine: c.calls > 0,
      model: this.loaded.identity,
      cacheDir: this.cacheDir ?? null,
      charts: this.charts,
      rowsAsked: this.rowsAsked,
      modelCalls: c.calls,
      failedCalls: c.failedCalls,
      cacheHits: c.cacheHits,
      budget: this.opts.maxCallsPerBatch,
      answers: { ...this.answers },
      rejected: { total: Object.values(this.rejected).reduce((a, b) => a + b, 0), byReason: { ...this.rejected } },
      notAsked: { ...this.notAsked },
    };
  }

  private async one(row: PromptInput): Promise<RowAnswer> {
    const r = await this.asker.ask(row);
    if (r.ok) return { answer: r.answer };
    return { opinion: { verdict: r.reason === 'malformed_answer' ? 'discarded' : 'not_asked', reason: r.reason } };
  }
}

/** Refuse tracing unless allowed, load the user's model, and set up the asker. */
export async function openService(
  opts: SecondOpinionOptions,
  cacheDir: string | undefined,
  configPath: string,
): Promise<SecondOpinionService> {
  const tracing = TRACING_VARS.filter((v) => process.env[v] === 'true');
  if (tracing.length > 0 && !opts.allowTracing) {
    throw new ChartcoderError(
      'CONFIG_BAD_VALUE',
      `LangChain tracing is on (${tracing.join(', ')}): every prompt, chart text included, would also go to the tracing service; unset it, or set allowTracing to true`,
      `${configPath}: second-opinion.allowTracing`,
    );
  }
  const loaded = await loadChatModel(opts.model, `${configPath}: second-opinion.model`);
  const dir = cacheDir ? path.resolve(cacheDir) : undefined;
  const asker = new ModelAsker(
    loaded,
    {
      concurrency: opts.concurrency,
      retries: opts.retries,
      callTimeoutMs: opts.callTimeoutSeconds * 1000,
      budget: opts.maxCallsPerBatch,
      retryDelayMs: 250,
    },
    dir ? new AnswerCache(dir) : undefined,
  );
  return new SecondOpinionService(asker, loaded, opts, dir);
}
