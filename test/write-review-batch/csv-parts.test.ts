import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readBatch } from '../../src/evaluate/predictions.js';
import { packageRoot } from '../../src/contract/paths.js';
import { cli } from '../support/cli.js';

const charts = path.join(packageRoot, 'fixtures', 'charts');
const rows = (file: string) => parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];

describe('CSV files in parts under a row limit', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'cc-parts-'));
  const config = JSON.parse(readFileSync(path.join(packageRoot, 'pipelines', 'outpatient.json'), 'utf8'));
  const sink = config.stages.find((s: { stage: string }) => s.stage === 'write-review-batch');
  sink.options = { maxRowsPerFile: 25 };
  const configFile = path.join(out, 'small-parts.json');
  writeFileSync(configFile, JSON.stringify(config));
  const whole = await cli(['run', charts, '--out', out, '--batch-id', 'whole', '--quiet']);
  const parted = await cli(['run', charts, '--out', out, '--batch-id', 'parted', '--pipeline', configFile, '--quiet']);

  it('splits codes.csv and charts.csv into numbered parts that together hold every row once, in order', () => {
    expect([whole.code, parted.code]).toEqual([0, 0]);
    const names = readdirSync(path.join(out, 'parted')).sort();
    expect(names).not.toContain('codes.csv');
    const codeParts = names.filter((n) => /^codes-\d{4}\.csv$/.test(n));
    const chartParts = names.filter((n) => /^charts-\d{4}\.csv$/.test(n));
    expect(codeParts.length).toBeGreaterThan(2);
    expect(chartParts.length).toBe(Math.ceil(readdirSync(charts).length / 25));
    const joined = codeParts.flatMap((f) => rows(path.join(out, 'parted', f)));
    const single = rows(path.join(out, 'whole', 'codes.csv'));
    const strip = (r: Record<string, string>) => ({ ...r, batch_id: '' });
    expect(joined.map(strip)).toEqual(single.map(strip));
    const manifest = JSON.parse(readFileSync(path.join(out, 'parted', 'manifest.json'), 'utf8'));
    expect(manifest.files).toEqual({ codes: codeParts, charts: chartParts });
  });

  it('keeps each chart’s codes in one part and no part over the limit unless one chart alone is', () => {
    const owner = new Map<string, string>();
    for (const f of readdirSync(path.join(out, 'parted')).filter((n) => n.startsWith('codes-'))) {
      const part = rows(path.join(out, 'parted', f));
      const perChart = new Map<string, number>();
      for (const r of part) perChart.set(r.chart_id!, (perChart.get(r.chart_id!) ?? 0) + 1);
      if (perChart.size > 1) expect(part.length).toBeLessThanOrEqual(25);
      for (const id of perChart.keys()) {
        expect(owner.get(id), `chart ${id} in two parts`).toBeUndefined();
        owner.set(id, f);
      }
    }
  });

  it('reads back as one batch for evaluation', () => {
    const a = readBatch(path.join(out, 'whole'));
    const b = readBatch(path.join(out, 'parted'));
    expect(b.predictions.length).toBe(a.predictions.length);
    expect(b.charts.size).toBe(a.charts.size);
  });
});
