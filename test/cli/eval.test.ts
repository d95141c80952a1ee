import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { evalDir, GOLD, readMetrics } from '../support/eval-output.js';
import { packageRoot } from '../../src/contract/paths.js';

describe('chartcoder eval', () => {
  it('runs the pipeline on the gold charts and writes metrics, a diff and an offline HTML report', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'cc-eval-'));
    const r = await cli(['eval', '--gold', GOLD, '--out', out, '--resamples', '200']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^charts: \d+ gold, \d+ in batch, 0 failed/);
    expect(r.stdout).toMatch(/MAP: all 0\.\d{3}/);
    const dir = evalDir(out);
    const metrics = readMetrics(dir);
    const goldCodes = readdirSync(GOLD).reduce(
      (s, f) => s + JSON.parse(readFileSync(path.join(GOLD, f), 'utf8')).codes.length,
      0,
    );
    expect(metrics.overall.tp + metrics.overall.fn).toBe(goldCodes);
    expect(metrics.calibration.bins).toHaveLength(10);
    const diff = parse(readFileSync(path.join(dir, 'diff.csv')), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    expect(diff.filter((d) => d.kind === 'match')).toHaveLength(metrics.overall.tp);
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html.match(/<svg/g)?.length).toBe(7);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/); // nothing loaded from the network
  });

  it('scores an existing batch, and refuses ambiguous gold options', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'cc-eval2-'));
    expect(
      (await cli(['run', path.join(packageRoot, 'fixtures', 'charts'), '--out', out, '--batch-id', 'b', '--quiet']))
        .code,
    ).toBe(0);
    const r = await cli(['eval', '--gold', GOLD, '--batch', path.join(out, 'b'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/charts: \d+ gold, \d+ in batch/);
    expect((await cli(['eval', '--out', out])).code).toBe(1);
  });
});
