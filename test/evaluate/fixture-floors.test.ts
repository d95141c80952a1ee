import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { loadGoldDir } from '../../src/evaluate/gold.js';
import { readBatch } from '../../src/evaluate/predictions.js';
import { readChart } from '../../src/ingest/read-chart.js';
import { loadPipelineConfig } from '../../src/pipeline/config.js';
import { runBatch } from '../../src/pipeline/run-batch.js';
import { packageRoot } from '../../src/contract/paths.js';

/**
 * Accuracy floors on the gold fixtures: a change that makes coding worse fails here. Raise them
 * as the pipeline improves (figures and the command that reproduces them: docs/benchmarks.md).
 */
const FLOORS = {
  precision: 0.51,
  recall: 0.67,
  f1: 0.58,
  map: 0.59,
  autoPrecision: 0.93,
  autoShareOfGold: 0.15,
  evidenceF1: 0.56,
};
/**
 * `chartcoder calibrate` sets the auto threshold so auto rows reach 95% precision on these charts;
 * the floor leaves a little room for pipeline changes made between recalibrations. Below it, or above
 * the ECE ceiling: rerun `npx chartcoder calibrate --gold fixtures/gold`.
 */
const ECE_CEILING = 0.1;

describe('accuracy on the gold fixtures', async () => {
  const gold = loadGoldDir(path.join(packageRoot, 'fixtures', 'gold'));
  const out = mkdtempSync(path.join(tmpdir(), 'cc-floors-'));
  const inputs = gold.map((g) => ({ id: g.chartId, path: g.file, encounterType: g.encounterType }));
  const result = await runBatch({ config: loadPipelineConfig('outpatient'), inputs, outDir: out, batchId: 'floors' });
  const batch = readBatch(result.dir);
  const texts = new Map<string, string>();
  for (const [id, c] of batch.charts) texts.set(id, (await readChart(c.path, { maxBytes: 1e7, maxPages: 50 })).text);
  const report = evaluate(gold, batch, (id) => texts.get(id));

  it('codes every gold chart', () => {
    expect(report.charts).toMatchObject({ gold: gold.length, inBatch: gold.length, failedInBatch: 0 });
  });

  it('stays at or above the floors', () => {
    const got = {
      precision: report.overall.precision,
      recall: report.overall.recall,
      f1: report.overall.f1,
      map: report.map.all,
      autoPrecision: report.auto.precision,
      autoShareOfGold: report.auto.shareOfGold,
      evidenceF1: report.evidence.meanTokenF1,
    };
    for (const [k, floor] of Object.entries(FLOORS))
      expect(got[k as keyof typeof got], `${k} = ${got[k as keyof typeof got].toFixed(3)}`).toBeGreaterThanOrEqual(
        floor,
      );
    expect(report.calibration.ece, `ECE = ${report.calibration.ece.toFixed(3)}`).toBeLessThanOrEqual(ECE_CEILING);
  });

  it('writes a diff row for every gold code', () => {
    const goldCodes = gold.reduce((s, g) => s + g.codes.length, 0);
    expect(report.diff.filter((d) => d.kind !== 'spurious')).toHaveLength(goldCodes);
    expect(JSON.parse(readFileSync(path.join(result.dir, 'manifest.json'), 'utf8')).inputs.total).toBe(gold.length);
  });
});
