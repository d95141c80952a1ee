import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { evalBatchDir, evalDir, evalDirs, GOLD as gold, readMetrics } from '../support/eval-output.js';

/** Debian's chromium (installed by .ci/run when missing); the browser check is skipped, and says so, without it. */
function chromiumPath(): string | undefined {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

describe('chartcoder eval: intervals, run details, error tables, --compare and the report in a browser', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'cc-eval-report-'));
  const first = await cli(['eval', '--gold', gold, '--out', out, '--resamples', '200']);
  const dir1 = evalDir(out);
  const batch = evalBatchDir(out);
  /** `chartcoder eval` again on the batch the first one ran, into the same --out (a new eval folder each time). */
  const evalAgain = (...more: string[]) =>
    cli(['eval', '--gold', gold, '--batch', batch, '--out', out, '--resamples', '200', ...more]);
  const metrics = readMetrics(dir1);
  const figure = (id: string) => metrics.figures.find((f: { id: string }) => f.id === id);

  it('gives every rate its n and a 95% interval around it, and reproduces them from the seed', async () => {
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/95% intervals \(bootstrap over 61 charts, 200 resamples, seed \d+\)/);
    const f1 = figure('overall.f1');
    expect(f1.value).toBeCloseTo(metrics.overall.f1, 10);
    expect(f1.lo).toBeLessThan(f1.value);
    expect(f1.hi).toBeGreaterThan(f1.value);
    expect(figure('overall.recall').n).toBe(metrics.overall.tp + metrics.overall.fn);
    for (const id of ['first_listed.accuracy', 'pointers.accuracy', 'traps.compliance'])
      expect(figure(id).n, id).toBeGreaterThan(0);
    const again = await evalAgain();
    const dir2 = evalDirs(out).find((d) => d !== dir1) ?? dir1;
    expect(again.code).toBe(0);
    const m2 = readMetrics(dir2);
    expect(m2.figures).toEqual(metrics.figures);
  });

  it('records the run details and writes the error tables', () => {
    expect(metrics.run).toMatchObject({
      pipeline: 'outpatient',
      codedWith: expect.any(String),
      autoThreshold: expect.any(Number),
      precisionTarget: 0.95,
    });
    expect(metrics.run.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(metrics.run.codeSets.icd10cm).toEqual(['starter-fy2026']);
    const nearMisses = metrics.errors.nearMisses;
    expect(Object.values(nearMisses.byKind).reduce((a: number, b) => a + (b as number), 0)).toBe(
      nearMisses.rows.length,
    );
    expect(nearMisses.rows.length).toBe(
      readFileSync(path.join(dir1, 'diff.csv'), 'utf8')
        .split('\n')
        .filter((l) => l.includes(',near_miss,')).length,
    );
    expect(metrics.errors.topMissed[0].count).toBeGreaterThanOrEqual(metrics.errors.topMissed.at(-1).count);
  });

  it('compares with an earlier evaluation: nothing changes against itself, lost codes show as right -> wrong', async () => {
    const same = await evalAgain('--compare', dir1);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/codes right -> wrong: 0, wrong -> right: 0; charts changed: 0/);
    // A worse batch: every auto row of one chart dropped.
    const codes = readFileSync(path.join(batch, 'codes.csv'), 'utf8').split('\r\n');
    const chart = 'ov-diabetes-neuropathy';
    const dropped = codes.filter((l) => l.includes(`,${chart},`) && l.includes(',auto,'));
    expect(dropped.length).toBeGreaterThan(0);
    writeFileSync(path.join(batch, 'codes.csv'), codes.filter((l) => !dropped.includes(l)).join('\r\n'));
    const worse = await evalAgain('--compare', dir1);
    expect(worse.code).toBe(0);
    const last = evalDirs(out).at(-1)!;
    const cmp = readMetrics(last).comparison;
    expect(cmp.charts.shared).toBe(61);
    expect(
      cmp.codes
        .filter((c: { direction: string }) => c.direction === 'right → wrong')
        .every((c: { chartId: string }) => c.chartId === chart),
    ).toBe(true);
    expect(cmp.codes.length).toBeGreaterThan(0);
    expect(cmp.changedCharts.map((c: { chartId: string }) => c.chartId)).toEqual([chart]);
    const recall = cmp.figures.find((f: { id: string }) => f.id === 'overall.recall');
    expect(recall.difference).toBeLessThan(0);
    expect(recall.hi).toBeLessThanOrEqual(0); // the same chart lost codes in every resample that drew it
    expect(readFileSync(path.join(last, 'report.html'), 'utf8')).toContain('Codes that changed');
    expect((await evalAgain('--compare', out)).code).toBe(1);
  });

  const browser = chromiumPath();
  it.skipIf(!browser)(
    `report.html opens offline in chromium and every plot renders${browser ? '' : ' (skipped: no chromium; .ci/run installs it)'}`,
    async () => {
      const b = await chromium.launch({ executablePath: browser!, args: ['--no-sandbox'] });
      try {
        const page = await b.newPage();
        const requests: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        await page.goto(pathToFileURL(path.join(dir1, 'report.html')).href);
        expect(await page.title()).toBe('chartcoder evaluation');
        const plots = await page.$$eval('figure.plot', (figs) =>
          figs.map((f) => {
            const svg = f.querySelector('svg');
            const box = svg?.getBoundingClientRect();
            return {
              caption: f.querySelector('figcaption')?.textContent ?? '',
              width: box?.width ?? 0,
              height: box?.height ?? 0,
              marks: svg?.querySelectorAll('path, line, rect, text').length ?? 0,
            };
          }),
        );
        expect(plots).toHaveLength(7);
        for (const p of plots) {
          expect(p.width, p.caption).toBeGreaterThan(100);
          expect(p.height, p.caption).toBeGreaterThan(50);
          expect(p.marks, p.caption).toBeGreaterThan(5);
        }
        const text = await page.textContent('body');
        expect(text).toContain('Run details');
        expect(text).toContain('auto threshold');
        expect(text).toContain('precision target');
        expect(text).toMatch(/Near misses \(right category, wrong code\) by kind/);
        expect(requests.every((u) => u.startsWith('file:'))).toBe(true);
      } finally {
        await b.close();
      }
    },
  );
});
