import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChartRecord, CodeSuggestion } from '../../src/contract/chart-record.js';
import { listInputs } from '../../src/ingest/list-inputs.js';
import { loadPipelineConfig } from '../../src/pipeline/config.js';
import { runBatch } from '../../src/pipeline/run-batch.js';
import { packageRoot } from '../../src/contract/paths.js';
import { applyOpinion } from '../../src/second-opinion/apply-opinion.js';
import { cli } from '../support/cli.js';
import { configWithSecondOpinion, fakeModel } from './pipeline-config.js';
import { codeSets, options } from './support.js';

const charts = path.join(packageRoot, 'fixtures', 'charts');
const agreeing = { model: fakeModel('agreeing-model.mjs'), allowChartTextToLeaveMachine: true };
const readCsv = (f: string) => parse(readFileSync(f), { columns: true, bom: true }) as Record<string, string>[];
const scratch = () => mkdtempSync(path.join(tmpdir(), 'cc-so-'));

describe('second-opinion stage: PHI and configuration', () => {
  afterEach(() => {
    delete process.env.LANGSMITH_TRACING;
  });

  it('is refused at config load unless chart text is explicitly allowed to leave the machine', () => {
    for (const opts of [{ model: agreeing.model }, { model: agreeing.model, allowChartTextToLeaveMachine: false }]) {
      const file = configWithSecondOpinion(opts);
      expect(() => loadPipelineConfig(file)).toThrow(
        expect.objectContaining({
          code: 'CONFIG_BAD_VALUE',
          message: expect.stringContaining('stages[7].options.allowChartTextToLeaveMachine'),
        }),
      );
    }
    expect(loadPipelineConfig(configWithSecondOpinion(agreeing)).stages[7]!.options).toMatchObject({
      changeStatus: false,
      replaceCode: false,
      maxCallsPerBatch: 500,
    });
  });

  it('exits 1 from `chartcoder run` and writes nothing when refused, or when LangChain tracing is on', async () => {
    const out = scratch();
    const refused = await cli([
      'run',
      charts,
      '--pipeline',
      configWithSecondOpinion({ model: agreeing.model }),
      '--out',
      out,
      '--quiet',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('CONFIG_BAD_VALUE');
    process.env.LANGSMITH_TRACING = 'true';
    const traced = await cli([
      'run',
      charts,
      '--pipeline',
      configWithSecondOpinion(agreeing),
      '--out',
      out,
      '--batch-id',
      't',
      '--quiet',
    ]);
    expect(traced.code).toBe(1);
    expect(traced.stderr).toMatch(/CONFIG_BAD_VALUE.*allowTracing/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('refuses a model module that does not export a chat model', async () => {
    const out = scratch();
    const r = await cli([
      'run',
      charts,
      '--pipeline',
      configWithSecondOpinion({ ...agreeing, model: path.join(packageRoot, 'package.json') }),
      '--out',
      out,
      '--quiet',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/CONFIG_BAD_VALUE.*second-opinion\.model/);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('second-opinion stage in a batch', () => {
  it('asks only about review rows, from every worker through one budget, and records the run in the manifest', async () => {
    const out = scratch();
    const config = loadPipelineConfig(configWithSecondOpinion(agreeing));
    const r = await runBatch({ config, inputs: listInputs([charts]), outDir: out, batchId: 'so', workers: 2 });
    const rows = readCsv(path.join(r.dir, 'codes.csv'));
    const review = rows.filter((x) => x.status === 'review');
    expect(review.length).toBeGreaterThan(20);
    expect(rows.filter((x) => x.status === 'auto').every((x) => x.second_opinion === '')).toBe(true);
    expect(review.every((x) => x.second_opinion === 'agrees' && x.second_opinion_code === x.code)).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(r.dir, 'manifest.json'), 'utf8'));
    const report = manifest.stageReports['second-opinion'];
    expect(report).toMatchObject({
      chartTextLeftMachine: true,
      model: { class: 'AgreeingModel' },
      rowsAsked: review.length,
      answers: { agrees: review.length },
      rejected: { total: 0 },
    });
    expect(report.modelCalls + report.cacheHits).toBe(review.length);
    const cache = path.join(r.dir, 'second-opinion-cache');
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    expect(readdirSync(cache)).toHaveLength(report.modelCalls);
    expect(readdirSync(cache).every((f) => (statSync(path.join(cache, f)).mode & 0o777) === 0o600)).toBe(true);
  });

  it('reuses a shared cache folder across batches, and with changeStatus makes agreed low-confidence rows auto', async () => {
    const out = scratch();
    const cacheDir = path.join(out, 'cache');
    const first = await runBatch({
      config: loadPipelineConfig(configWithSecondOpinion({ ...agreeing, cacheDir })),
      inputs: listInputs([charts]),
      outDir: out,
      batchId: 'a',
      workers: 0,
    });
    const second = await runBatch({
      config: loadPipelineConfig(configWithSecondOpinion({ ...agreeing, cacheDir, changeStatus: true })),
      inputs: listInputs([charts]),
      outDir: out,
      batchId: 'b',
      workers: 0,
    });
    const report = JSON.parse(readFileSync(path.join(second.dir, 'manifest.json'), 'utf8')).stageReports[
      'second-opinion'
    ];
    expect(report).toMatchObject({ modelCalls: 0, chartTextLeftMachine: false });
    expect(report.cacheHits).toBe(first.review);
    expect(existsSync(path.join(second.dir, 'second-opinion-cache'))).toBe(false);
    const promoted = readCsv(path.join(second.dir, 'codes.csv')).filter(
      (x) => x.status === 'auto' && x.second_opinion === 'agrees',
    );
    expect(promoted.length).toBeGreaterThan(0);
    expect(second.auto).toBe(first.auto + promoted.length);
    expect(promoted.every((x) => x.flag_reasons === '')).toBe(true);
  });

  it('runs alone for `chartcoder explain` (no batch): the record carries the opinion', async () => {
    const r = await cli([
      'explain',
      path.join(charts, 'ed-cellulitis-right-leg.txt'),
      '--pipeline',
      configWithSecondOpinion(agreeing),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout) as ChartRecord;
    const review = record.codes.filter((c) => c.status === 'review');
    expect(review.length).toBeGreaterThan(0);
    expect(review.every((c) => c.secondOpinion?.verdict === 'agrees')).toBe(true);
  });
});

describe('second opinion acting on a row (off by default)', () => {
  const row = (over: Partial<CodeSuggestion> = {}): CodeSuggestion => ({
    system: 'icd10cm',
    code: 'E11.9',
    title: 'Type 2 diabetes mellitus without complications',
    confidence: 0.7,
    status: 'review',
    evidence: [],
    flags: ['low_confidence'],
    alternatives: [{ code: 'E11.65', score: 0.4 }],
    features: { matchType: 'exact' },
    ...over,
  });
  const record = (...codes: CodeSuggestion[]) => ({ codes }) as ChartRecord;
  const other = { verdict: 'prefers_candidate' as const, code: 'E11.65', reason: 'A1c 9.8' };

  it('is only a column unless the pipeline says otherwise', () => {
    const c = row();
    applyOpinion(record(c), c, other, options(), codeSets);
    expect(c).toMatchObject({ code: 'E11.9', status: 'review', secondOpinion: other });
    const a = row();
    applyOpinion(record(a), a, { verdict: 'agrees', code: 'E11.9', reason: 'ok' }, options(), codeSets);
    expect(a.status).toBe('review');
  });

  it('replaceCode puts the validated code in, keeps the old one as an alternative, and never duplicates a code', () => {
    const c = row();
    applyOpinion(record(c), c, other, options({ replaceCode: true }), codeSets);
    expect(c).toMatchObject({
      code: 'E11.65',
      title: 'Type 2 diabetes mellitus with hyperglycemia',
      status: 'review',
      flags: ['low_confidence', 'second_opinion_changed_code'],
    });
    expect(c.alternatives).toEqual([{ code: 'E11.9', score: 0.7 }]);
    const d = row();
    applyOpinion(record(d, row({ code: 'E11.65' })), d, other, options({ replaceCode: true }), codeSets);
    expect(d.code).toBe('E11.9');
  });

  it('changeStatus promotes an agreed row only when nothing but the score or the candidates held it back', () => {
    const a = row({ flags: ['low_confidence', 'multiple_candidates'] });
    applyOpinion(
      record(a),
      a,
      { verdict: 'agrees', code: 'E11.9', reason: 'ok' },
      options({ changeStatus: true }),
      codeSets,
    );
    expect(a).toMatchObject({ status: 'auto', flags: [] });
    const q = row({ flags: ['low_confidence', 'query_provider:laterality'] });
    applyOpinion(
      record(q),
      q,
      { verdict: 'agrees', code: 'E11.9', reason: 'ok' },
      options({ changeStatus: true }),
      codeSets,
    );
    expect(q.status).toBe('review');
  });
});
