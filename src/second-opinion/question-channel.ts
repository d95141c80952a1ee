/**
 * How the chart functions in every worker thread reach the one service on the calling thread: a
 * BroadcastChannel named after the batch folder (unique while the batch runs). Only the prompt inputs
 * (sentence, section, candidates) cross, within this process; verdicts come back as counts' material
 * (verdict and reason code). On the service's own thread the calls are direct.
 */
import { randomUUID } from 'node:crypto';
import { BroadcastChannel } from 'node:worker_threads';
import type { SecondOpinion } from '../contract/chart-record.js';
import type { PromptInput } from './prompt.js';
import type { RowAnswer } from './second-opinion-service.js';

type Tally = Pick<SecondOpinion, 'verdict' | 'reason'>[];

export interface QuestionClient {
  review(rows: PromptInput[]): Promise<RowAnswer[]>;
  tally(opinions: Tally): void;
}

type Message =
  | { kind: 'ask'; id: string; rows: PromptInput[] }
  | { kind: 'answers'; id: string; answers: RowAnswer[] }
  | { kind: 'tally'; opinions: Tally };

const sameThread = new Map<string, QuestionClient>();
const channelName = (batchDir: string) => `chartcoder:second-opinion:${batchDir}`;
const dataOf = (event: unknown) => (event as { data: Message | undefined }).data;

export function serveQuestions(batchDir: string, service: QuestionClient): { close(): void } {
  sameThread.set(batchDir, service);
  const channel = new BroadcastChannel(channelName(batchDir));
  channel.unref(); // the workers' tasks keep the process alive while charts are being coded
  channel.onmessage = (event) => {
    const m = dataOf(event);
    if (m?.kind === 'tally') service.tally(m.opinions);
    if (m?.kind !== 'ask') return;
    void service
      .review(m.rows)
      .then((answers) => channel.postMessage({ kind: 'answers', id: m.id, answers } satisfies Message));
  };
  return {
    close() {
      sameThread.delete(batchDir);
      channel.close();
    },
  };
}

/** `waitMs`: past it, a chart's rows are `not_asked: no_answer` (the service is gone or stuck). */
export function questionClient(batchDir: string, waitMs: number): QuestionClient {
  let channel: BroadcastChannel | undefined;
  const pending = new Map<string, (answers: RowAnswer[]) => void>();
  const open = () => {
    const c = new BroadcastChannel(channelName(batchDir));
    c.onmessage = (event) => {
      const m = dataOf(event);
      if (m?.kind === 'answers') pending.get(m.id)?.(m.answers);
    };
    c.unref();
    return c;
  };
  return {
    review(rows) {
      const direct = sameThread.get(batchDir);
      if (direct) return direct.review(rows);
      const c = (channel ??= open());
      const id = randomUUID();
      return new Promise((resolve) => {
        const settle = (answers: RowAnswer[]) => {
          clearTimeout(timer);
          pending.delete(id);
          if (pending.size === 0) c.unref(); // an idle channel must not keep the worker alive
          resolve(answers);
        };
        const timer = setTimeout(
          () => settle(rows.map(() => ({ opinion: { verdict: 'not_asked', reason: 'no_answer' } }))),
          waitMs,
        );
        pending.set(id, settle);
        c.ref();
        c.postMessage({ kind: 'ask', id, rows } satisfies Message);
      });
    },
    tally(opinions) {
      const direct = sameThread.get(batchDir);
      if (direct) return direct.tally(opinions);
      (channel ??= open()).postMessage({ kind: 'tally', opinions } satisfies Message);
    },
  };
}
