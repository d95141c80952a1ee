import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { cli } from '../support/cli.js';

const tmp = (p: string) => mkdtempSync(path.join(tmpdir(), p));
const readCsv = (f: string) => parse(readFileSync(f), { columns: true, bom: true }) as Record<string, string>[];

/** The outpatient pipeline with a section pattern that backtracks forever on a header of many a's. */
function catastrophicPipeline(dir: string): string {
  const pipeline = JSON.parse(readFileSync(path.join(packageRoot, 'pipelines', 'outpatient.json'), 'utf8'));
  const sections = JSON.parse(readFileSync(path.join(packageRoot, 'pipelines', 'rules', 'sections.json'), 'utf8'));
  sections.categories[0].patterns.push('(a+)+b');
  writeFileSync(path.join(dir, 'sections.json'), JSON.stringify(sections));
  const stages = pipeline.stages.map((s: { stage: string }) =>
    s.stage === 'sectionize' ? { ...s, options: { rules: 'sections.json' } } : s,
  );
  writeFileSync(path.join(dir, 'p.json'), JSON.stringify({ ...pipeline, stages }));
  return path.join(dir, 'p.json');
}

describe('a chart that blocks its worker', () => {
  it('fails alone with CHART_TIMEOUT; every chart queued behind it on that worker is coded', async () => {
    const dir = tmp('cc-stuck-');
    const input = path.join(dir, 'in');
    mkdirSync(input);
    const charts = readdirSync(path.join(packageRoot, 'fixtures', 'charts'))
      .filter((f) => f.endsWith('.txt'))
      .slice(0, 23);
    for (const f of charts) cpSync(path.join(packageRoot, 'fixtures', 'charts', f), path.join(input, f));
    writeFileSync(
      path.join(input, 'm-stuck.txt'),
      `${'a'.repeat(48)}: follow-up visit.\nASSESSMENT: Essential hypertension.\n`,
    );
    const out = path.join(dir, 'out');
    const r = await cli([
      'run',
      input,
      '--out',
      out,
      '--batch-id',
      'b',
      '--quiet',
      '--workers',
      '1',
      '--chart-timeout',
      '3',
      '--pipeline',
      catastrophicPipeline(dir),
    ]);
    expect(r.code).toBe(2);
    const rows = readCsv(path.join(out, 'b', 'charts.csv'));
    expect(rows).toHaveLength(24);
    expect(rows.filter((c) => c.status === 'failed').map((c) => [c.chart_id, c.issue_codes])).toEqual([
      ['m-stuck', 'CHART_TIMEOUT'],
    ]);
  });

  it('--workers 0 is refused before any work: on the calling thread a stuck chart could never be stopped', async () => {
    const out = tmp('cc-w0-');
    const r = await cli(['run', path.join(packageRoot, 'fixtures', 'charts'), '--out', out, '--workers', '0']);
    expect([r.code, r.stderr]).toEqual([
      1,
      expect.stringContaining('expected --workers to be a whole number of at least 1'),
    ]);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a --chart-timeout past the range of a timer codes the charts', async () => {
    const out = tmp('cc-bigtimeout-');
    const r = await cli([
      'run',
      path.join(packageRoot, 'fixtures', 'charts', 'rad-knee-xray-left.txt'),
      '--out',
      out,
      '--batch-id',
      'b',
      '--quiet',
      '--chart-timeout',
      '2000000',
    ]);
    expect(r.code).toBe(0);
    expect(readCsv(path.join(out, 'b', 'charts.csv')).map((c) => c.status)).toEqual(['ok']);
  });
});
