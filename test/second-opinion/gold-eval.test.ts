/**
 * The must-show: on the gold fixtures, a fake model scripted right on most review rows and wrong on the
 * rest (by the rules' code: see modeOf in the oracle) — the stage keeps the right answers, discards every
 * invalid one with its reason, and `chartcoder eval` reports the change in the review rows' precision
 * and recall.
 */
import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadCodeSets } from '../../src/code-systems/registry.js';
import { packageRoot } from '../../src/contract/paths.js';
// @ts-expect-error plain JavaScript test model, no type declarations
import { MODES, modeOf } from '../fixtures/second-opinion/gold-oracle-model.mjs';
import { cli } from '../support/cli.js';
import { evalBatchDir, evalDir, GOLD as gold, readMetrics } from '../support/eval-output.js';
import { configWithSecondOpinion, fakeModel } from './pipeline-config.js';

const modeOfCode = modeOf as (code: string) => number;
const reasonOfMode = MODES as Record<number, string>;

const readRows = (dir: string) =>
  parse(readFileSync(path.join(dir, 'codes.csv')), { columns: true, bom: true }) as Record<string, string>[];

/** Runs `chartcoder eval` on the gold charts with the oracle model; returns the batch rows and the metrics. */
async function evalWithOracle(options: Record<string, unknown> = {}) {
  const out = mkdtempSync(path.join(tmpdir(), 'cc-so-gold-'));
  const pipeline = configWithSecondOpinion({
    model: fakeModel('gold-oracle-model.mjs'),
    allowChartTextToLeaveMachine: true,
    ...options,
  });
  const r = await cli(['eval', '--gold', gold, '--pipeline', pipeline, '--out', out]);
  const batchDir = evalBatchDir(out);
  return { r, batchDir, rows: readRows(batchDir), metrics: readMetrics(evalDir(out)) };
}

describe('second opinion on the gold fixtures', () => {
  let columnOnly: Awaited<ReturnType<typeof evalWithOracle>> | undefined;

  it('keeps right answers, rejects invalid ones, and eval shows the review rows before and after', async () => {
    columnOnly = await evalWithOracle();
    const { r, rows, batchDir, metrics } = columnOnly;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /second opinion on \d+ review rows: precision [\d.]+% -> [\d.]+%, recall [\d.]+% -> [\d.]+%/,
    );
    const review = rows.filter((x) => x.status === 'review');
    expect(review.every((x) => x.second_opinion !== '')).toBe(true);
    expect(rows.filter((x) => x.status === 'auto').every((x) => x.second_opinion === '')).toBe(true);

    // Every scripted invalid answer is discarded with its reason, and changes nothing.
    for (const mode of [6, 7, 8]) {
      const told = review.filter((x) => modeOfCode(x.code!) === mode);
      expect(told.length).toBeGreaterThan(0);
      for (const x of told)
        expect([x.second_opinion, x.second_opinion_reason, x.second_opinion_code]).toEqual([
          'discarded',
          reasonOfMode[mode],
          '',
        ]);
    }
    // Every answer kept is a billable code of the code set in force.
    const codeSets = loadCodeSets(['icd10cm', 'icd10pcs', 'cpt', 'hcpcs']);
    const kept = review.filter((x) => ['agrees', 'prefers_candidate', 'proposes_other'].includes(x.second_opinion!));
    expect(kept.length).toBeGreaterThan(review.length / 3);
    for (const x of kept)
      expect(codeSets.get(x.system as 'icd10cm').lookup(x.second_opinion_code!)?.billable).toBe(true);
    // The confidently wrong (but valid) answers pass validation: only the evaluation can show them up.
    expect(
      review.filter((x) => modeOfCode(x.code!) === 9 && x.second_opinion === 'proposes_other').length,
    ).toBeGreaterThan(0);

    const manifest = JSON.parse(readFileSync(path.join(batchDir, 'manifest.json'), 'utf8'));
    const report = manifest.stageReports['second-opinion'];
    expect(report).toMatchObject({
      chartTextLeftMachine: true,
      model: { class: 'GoldOracleModel' },
      rowsAsked: review.length,
    });
    expect(report.rejected.total).toBe(review.filter((x) => x.second_opinion === 'discarded').length);

    const so = metrics.secondOpinion;
    expect(so.asked).toBe(review.length);
    expect(so.before.rows).toBe(metrics.review.rows);
    expect(so.before.precision).toBeCloseTo(metrics.review.precision, 10);
    // Right answers only where the model agreed (the scripted wrong ones never agree)...
    expect(so.agreed.precision).toBe(1);
    // ...so applying the opinions makes the review pile more precise; recall moves only where the
    // model was confidently wrong (mode 9) on a row the rules had right: validation cannot see that.
    expect(so.after.precision).toBeGreaterThan(so.before.precision);
    const goldOf = new Map(
      readdirSync(path.join(packageRoot, 'fixtures', 'gold')).map((f) => {
        const g = JSON.parse(readFileSync(path.join(packageRoot, 'fixtures', 'gold', f), 'utf8')) as {
          chartId: string;
          codes: { system: string; code: string }[];
        };
        return [g.chartId, new Set(g.codes.map((c) => `${c.system}:${c.code}`))];
      }),
    );
    const rightRows = review.filter((x) => goldOf.get(x.chart_id!)?.has(`${x.system}:${x.code}`));
    for (const x of rightRows.filter((y) => modeOfCode(y.code!) <= 5)) expect(x.second_opinion).toBe('agrees');
    const lost = rightRows.filter((x) =>
      ['no_code', 'prefers_candidate', 'proposes_other'].includes(x.second_opinion!),
    );
    expect(lost.every((x) => modeOfCode(x.code!) === 9)).toBe(true);
    expect(so.after.recall < so.before.recall).toBe(lost.length > 0);
    console.log(
      `second opinion figures: ${JSON.stringify({ before: so.before, after: so.after, agreed: so.agreed, changed: so.changed, verdicts: so.verdicts, manifest: report })}`,
    );
  });

  it('when the pipeline lets it act, the agreed rows become auto and the eval of auto and review rows moves', async () => {
    const acting = await evalWithOracle({ changeStatus: true, replaceCode: true });
    expect(acting.r.code).toBe(0);
    const base = columnOnly!.metrics;
    const promoted = acting.rows.filter((x) => x.status === 'auto' && x.second_opinion === 'agrees');
    const changed = acting.rows.filter((x) => x.flag_reasons!.includes('second_opinion_changed_code'));
    expect(promoted.length).toBeGreaterThan(0);
    expect(changed.length).toBeGreaterThan(0);
    expect(acting.metrics.auto.rows).toBe(base.auto.rows + promoted.length);
    expect(acting.metrics.auto.goldFoundAsAuto).toBe(base.auto.goldFoundAsAuto + promoted.length); // every promoted row was right
    expect(changed.every((x) => x.second_opinion_code === x.code && x.status === 'review')).toBe(true);
    console.log(
      `second opinion acting: ${JSON.stringify({
        auto: { before: base.auto, after: acting.metrics.auto },
        review: { before: base.review, after: acting.metrics.review },
        overall: { before: base.overall, after: acting.metrics.overall },
      })}`,
    );
  });
});
