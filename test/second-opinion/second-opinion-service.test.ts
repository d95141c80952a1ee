import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { questionClient } from '../../src/second-opinion/question-channel.js';
import { answer, chart, CP_ROW, DM_ROW, serviceFor, TEXT } from './support.js';

/** A model whose every call throws, with chart text in the error as a careless provider might. */
class ThrowingModel extends FakeListChatModel {
  calls = 0;
  constructor() {
    super({ responses: [] });
  }
  override async _generate(): Promise<never> {
    this.calls++;
    throw new Error(`upstream 503 for prompt: ${TEXT}`);
  }
}

describe('second opinion: answers are validated before they count', () => {
  it('keeps a valid answer that prefers another candidate, with the evidence located in the chart', async () => {
    const s = serviceFor(
      new FakeListChatModel({ responses: [answer('E11.65', 'poorly controlled with hyperglycemia')] }),
    );
    const [op] = await s.opinions(chart(DM_ROW));
    expect(op).toMatchObject({ verdict: 'prefers_candidate', code: 'E11.65', reason: 'stated in the assessment' });
    expect(TEXT.slice(op!.evidence!.start, op!.evidence!.end)).toBe('poorly controlled with hyperglycemia');
    expect(await s.report()).toMatchObject({
      modelCalls: 1,
      cacheHits: 0,
      answers: { prefers_candidate: 1 },
      rejected: { total: 0 },
      chartTextLeftMachine: true,
    });
  });

  it('reads an answer in a ```json fence, agrees, and matches evidence across the folded line break', async () => {
    const s = serviceFor(
      new FakeListChatModel({
        responses: ['```json\n' + answer('e119', 'Type 2 diabetes, poorly controlled') + '\n```'],
      }),
    );
    const [op] = await s.opinions(chart(DM_ROW));
    expect(op).toMatchObject({ verdict: 'agrees', code: 'E11.9' });
    expect(TEXT.slice(op!.evidence!.start, op!.evidence!.end)).toBe('Type 2 diabetes,\n   poorly controlled');
  });

  it('takes a null code as "no code supported" and a valid code outside the candidates as proposes_other', async () => {
    const s = serviceFor(
      new FakeListChatModel({ responses: [answer(null, 'likely musculoskeletal'), answer('I10', 'Chest pain')] }),
      { concurrency: 1 },
    );
    const ops = await s.opinions(
      chart(CP_ROW, { ...CP_ROW, code: 'E11.9', candidates: [{ code: 'E11.9', title: 'x' }] }),
    );
    expect(ops.map((o) => [o.verdict, o.code])).toEqual([
      ['no_code', undefined],
      ['proposes_other', 'I10'],
    ]);
  });

  it('discards a code that does not exist, a code that is not billable, and evidence that is not in the chart', async () => {
    const s = serviceFor(
      new FakeListChatModel({
        responses: [
          answer('E11.999', 'Type 2 diabetes'),
          answer('E11', 'Type 2 diabetes'),
          answer('E11.65', 'insulin pump malfunction'),
        ],
      }),
      { concurrency: 1 },
    );
    // Three different questions (identical ones share one answer: see the in-flight test of the cache).
    const ops = await s.opinions(
      chart(
        DM_ROW,
        {
          ...DM_ROW,
          code: 'E11.65',
          candidates: [{ code: 'E11.65', title: 'Type 2 diabetes mellitus with hyperglycemia' }],
        },
        { ...DM_ROW, code: 'I10', candidates: [{ code: 'I10', title: 'Essential (primary) hypertension' }] },
      ),
    );
    expect(ops).toEqual([
      { verdict: 'discarded', reason: 'code_not_in_code_set' },
      { verdict: 'discarded', reason: 'code_not_billable' },
      { verdict: 'discarded', reason: 'evidence_not_in_chart' },
    ]);
    expect((await s.report()).rejected).toEqual({
      total: 3,
      byReason: { code_not_in_code_set: 1, code_not_billable: 1, evidence_not_in_chart: 1 },
    });
  });

  it('discards malformed answers: prose instead of JSON, and JSON of the wrong shape', async () => {
    const s = serviceFor(
      new FakeListChatModel({ responses: ['I would code E11.65 here.', JSON.stringify({ code: 11, evidence: 'x' })] }),
      { concurrency: 1 },
    );
    const ops = await s.opinions(chart(DM_ROW, CP_ROW));
    expect(ops).toEqual([
      { verdict: 'discarded', reason: 'malformed_answer' },
      { verdict: 'discarded', reason: 'malformed_answer' },
    ]);
  });

  it('retries a throwing model, then gives up with model_failed and no chart text anywhere in what it reports', async () => {
    const model = new ThrowingModel();
    const s = serviceFor(model, { retries: 2 });
    const [op] = await s.opinions(chart(DM_ROW));
    expect(op).toEqual({ verdict: 'not_asked', reason: 'model_failed' });
    expect(model.calls).toBe(3);
    const report = JSON.stringify(await s.report());
    expect(await s.report()).toMatchObject({ modelCalls: 3, failedCalls: 3, notAsked: { model_failed: 1 } });
    expect(report).not.toContain('diabetes');
    expect(JSON.stringify(op)).not.toContain('diabetes');
  });

  it('stops at the call budget: rows past it are not asked', async () => {
    const model = new FakeListChatModel({
      responses: [answer('E11.9', 'Type 2 diabetes'), answer('R07.9', 'Chest pain')],
    });
    const s = serviceFor(model, { maxCallsPerBatch: 1, concurrency: 1 });
    const ops = await s.opinions(chart(DM_ROW, CP_ROW));
    expect(ops.map((o) => o.verdict)).toEqual(['agrees', 'not_asked']);
    expect(ops[1]!.reason).toBe('budget_exhausted');
    expect(await s.report()).toMatchObject({ modelCalls: 1, budget: 1, notAsked: { budget_exhausted: 1 } });
  });

  it('caches answers on disk by prompt hash, owner-only, so a second batch over the same rows makes no call', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cc-so-cache-')), 'cache');
    const first = serviceFor(new FakeListChatModel({ responses: [answer('E11.65', 'hyperglycemia')] }), {}, dir);
    await first.opinions(chart(DM_ROW));
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, files[0]!)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path.join(dir, files[0]!), 'utf8')).text).toContain('E11.65');
    const second = serviceFor(new ThrowingModel(), {}, dir);
    const [op] = await second.opinions(chart(DM_ROW));
    expect(op).toMatchObject({ verdict: 'prefers_candidate', code: 'E11.65' });
    expect(await second.report()).toMatchObject({ modelCalls: 0, cacheHits: 1, chartTextLeftMachine: false });
  });

  it('asks one question once even when rows asking it arrive together and the cache is still being read', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cc-so-inflight-')), 'cache');
    const s = serviceFor(
      new FakeListChatModel({ responses: [answer('E11.65', 'hyperglycemia'), answer('I10', 'Type 2 diabetes')] }),
      { concurrency: 4 },
      dir,
    );
    const ops = await s.opinions(chart(DM_ROW, { ...DM_ROW }, { ...DM_ROW }));
    expect(ops.map((o) => o.code)).toEqual(['E11.65', 'E11.65', 'E11.65']);
    expect(await s.report()).toMatchObject({ modelCalls: 1, cacheHits: 2 });
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('does not hold a chart past chartWaitSeconds: rows still waiting are not_asked (timeout)', async () => {
    const s = serviceFor(new FakeListChatModel({ responses: [answer('E11.9', 'Type 2 diabetes')], sleep: 300 }), {
      chartWaitSeconds: 0.05,
    });
    const [op] = await s.opinions(chart(DM_ROW));
    expect(op).toEqual({ verdict: 'not_asked', reason: 'timeout' });
    expect(await s.report()).toMatchObject({ notAsked: { timeout: 1 } });
  });

  it('gives up on a service that never answers (a worker whose batch service is gone): not_asked, no_answer', async () => {
    const client = questionClient(path.join(tmpdir(), 'no-such-batch'), 50);
    expect(await client.review([DM_ROW])).toEqual([{ opinion: { verdict: 'not_asked', reason: 'no_answer' } }]);
  });
});
