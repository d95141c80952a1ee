/**
 * Mention precision and recall on the gold charts (fixtures/gold): do extracted mentions, with their
 * assertion, land on the evidence a coder cited? Floors are raised as the NLP improves, never lowered.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGoldDir } from '../../src/evaluate/gold.js';
import { addCoverage, coverageFigures, emptyCoverage } from '../../src/evaluate/mention-coverage.js';
import { loadPipelineConfig } from '../../src/pipeline/config.js';
import { prepareStages } from '../../src/pipeline/prepare-stages.js';
import { newRecord, processChart } from '../../src/pipeline/process-chart.js';
import { packageRoot } from '../../src/contract/paths.js';

const FLOORS = { recall: 0.7, precision: 0.25 };

describe('mention coverage of gold evidence', async () => {
  const gold = loadGoldDir(path.join(packageRoot, 'fixtures', 'gold'));
  const config = loadPipelineConfig('outpatient');
  const { stages } = await prepareStages(config);
  const upToAssertion = stages.slice(0, stages.findIndex((s) => s.name === 'classify-assertion') + 1);
  const coverage = emptyCoverage();
  for (const g of gold) {
    const input = { id: g.chartId, path: g.file, encounterType: g.encounterType };
    const r = await processChart(newRecord(input, config.encounterType), upToAssertion);
    addCoverage(coverage, g, r.mentions);
  }
  const figures = coverageFigures(coverage);

  it('counts every gold evidence span', () => {
    const spans = gold.reduce((n, g) => n + g.codes.reduce((k, c) => k + c.evidence.length, 0), 0);
    expect(coverage.goldSpans).toBe(spans);
    expect(coverage.covered).toBeLessThanOrEqual(coverage.touched);
  });

  it(`covers at least ${FLOORS.recall * 100}% of gold evidence with a rightly asserted mention`, () => {
    expect(
      figures.recall,
      `recall ${figures.recall.toFixed(3)}; missed:\n${coverage.missed.join('\n')}`,
    ).toBeGreaterThanOrEqual(FLOORS.recall);
  });

  it(`puts at least ${FLOORS.precision * 100}% of present mentions on gold evidence`, () => {
    expect(figures.precision, `precision ${figures.precision.toFixed(3)}`).toBeGreaterThanOrEqual(FLOORS.precision);
  });
});
