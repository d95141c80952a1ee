/** Decisions file, export, agreement report and reviewed batches as gold, without a browser. */
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { agreementReport } from '../../src/review/agreement.js';
import { DecisionLog } from '../../src/review/decision-log.js';
import { exportFinalCodes } from '../../src/review/export-final.js';
import { ReviewSession } from '../../src/review/review-session.js';
import { reviewedGold } from '../../src/review/reviewed-gold.js';
import { cli } from '../support/cli.js';
import { reviewBatch, XSS_CHART } from './review-fixture.js';

describe('decisions', () => {
  let dir: string;
  let s: ReviewSession;
  beforeAll(async () => {
    dir = await reviewBatch(['consult-cardiology-afib.txt']);
    s = await ReviewSession.open(dir);
  });

  it('orders the work list by priority and keeps the batch files unchanged', async () => {
    const before = readFileSync(path.join(dir, 'codes.csv'));
    const list = s.workList({ offset: 0, limit: 1 });
    expect(list.total).toBe(2);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]!.priority).toBeGreaterThanOrEqual(s.index.charts[1]!.priority);
    const chart = await s.chart(XSS_CHART);
    expect(chart.rows.map((r) => r.code)).toEqual(['E11.9', 'I10', 'Z79.84']);
    expect(
      chart.text!.text.slice(chart.rows[0]!.evidence[0]!.start, chart.rows[0]!.evidence[0]!.end).toLowerCase(),
    ).toContain('diabetes');
    expect(readFileSync(path.join(dir, 'codes.csv')).equals(before)).toBe(true);
  });

  it('refuses bad decisions with coded errors', () => {
    expect(() => s.decide({ chart: XSS_CHART, system: 'icd10cm', code: 'I10', action: 'reject' }, 'ana')).toThrow(
      /REVIEW_DECISION_INVALID/,
    );
    expect(() =>
      s.decide({ chart: XSS_CHART, system: 'icd10cm', code: 'I10', action: 'change', newCode: 'ZZZ.99' }, 'ana'),
    ).toThrow(/code set in force/);
    expect(() => s.decide({ chart: XSS_CHART, system: 'icd10cm', code: 'I10', action: 'add' }, 'ana')).toThrow(
      /did not suggest/,
    );
    expect(() => s.decide({ chart: 'nope', system: 'icd10cm', code: 'I10', action: 'accept' }, 'ana')).toThrow(
      /REVIEW_NOT_FOUND/,
    );
    expect(() => s.complete(XSS_CHART, 'ana')).toThrow(/every review row/);
  });

  it('survives a torn line and a second writer, exports, reports and converts to gold', async () => {
    s.decide({ chart: XSS_CHART, system: 'icd10cm', code: 'E11.9', action: 'accept' }, 'ana');
    appendFileSync(path.join(dir, 'decisions.jsonl'), '{"v":1,"id":"torn-by-a-cra'); // a crash mid-write
    const other = new DecisionLog(dir); // a second server on the same batch
    other.append(
      { chart: XSS_CHART, system: 'icd10cm', code: 'I10', action: 'reject', reason: 'not_documented' },
      'ben',
    );
    other.close();
    s.decide({ chart: XSS_CHART, system: 'icd10cm', code: 'Z79.84', action: 'change', newCode: 'Z79.4' }, 'ana');
    s.decide({ chart: XSS_CHART, system: 'icd10cm', code: 'E78.5', action: 'add', start: 0, end: 10 }, 'ana');
    expect(s.log.damagedLines).toBe(1);
    expect(s.log.decisions.map((d) => `${d.coder} ${d.action}`)).toEqual([
      'ana accept',
      'ben reject',
      'ana change',
      'ana add',
    ]);
    expect(statSync(path.join(dir, 'decisions.jsonl')).mode & 0o777).toBe(0o600);
    expect(s.workList({ offset: 0, limit: 10, review: 'done' }).items.map((i) => i.id)).toEqual([XSS_CHART]);

    const summary = await exportFinalCodes(s.index, s.log);
    const rows = parse(readFileSync(summary.file), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => `${r.code} ${r.origin}`)).toEqual(['E11.9 suggested', 'Z79.4 changed', 'E78.5 added']);

    const report = agreementReport(s.index, s.log);
    expect(report.overall).toMatchObject({ decided: 3, accepted: 1, rejected: 1, changed: 1, added: 1 });
    expect(report.byFlag.find((f) => f.key === 'low_confidence')).toMatchObject({ decided: 3, agreement: 0.333 });
    expect(report.rejectReasons).toEqual({ not_documented: 1 });
    expect(report.byCode.map((c) => `${c.key} ${c.accepted}/${c.rejected}/${c.changed}/${c.added}`).sort()).toEqual([
      'icd10cm:E11.9 1/0/0/0',
      'icd10cm:E78.5 0/0/0/1',
      'icd10cm:I10 0/1/0/0',
      'icd10cm:Z79.84 0/0/1/0',
    ]);

    const gold = await reviewedGold(dir);
    expect(gold.charts.map((c) => c.chartId)).toEqual([XSS_CHART]);
    expect(gold.charts[0]!.codes.map((c) => c.code)).toEqual(['E11.9', 'Z79.4', 'E78.5']);
    expect(gold.charts[0]!.negatives.map((n) => n.code)).toEqual(['I10', 'Z79.84']);
    expect(gold.charts[0]!.added).toEqual([{ system: 'icd10cm', code: 'E78.5' }]);
  });

  it('eval --decisions and calibrate --reviewed read the reviewed batch', async () => {
    const out = path.join(dir, '..', 'eval');
    const e = await cli(['eval', '--decisions', dir, '--out', out]);
    expect(e.code).toBe(0);
    expect(e.stdout).toMatch(/3 suggestions decided, \d+ undecided, 1 codes added/);
    expect(e.stdout).toMatch(/low_confidence\s+3\s+33\.3%/);
    expect(e.stdout).toMatch(/most overruled codes:[\s\S]*icd10cm:I10\s+1\s+0\.0%/);
    const c = await cli([
      'calibrate',
      '--gold',
      'fixtures/gold',
      '--reviewed',
      dir,
      '--pipeline',
      'outpatient',
      '--dry-run',
    ]);
    expect(c.stderr).toBe('');
    expect(c.stdout).toContain('1 charts as gold');
    expect(c.stdout).toMatch(/calibrate outpatient: 62 gold charts/);
  });

  it('train --reviewed learns from the reviewed chart beside the gold charts', async () => {
    const root = path.join(dir, '..', 'train');
    mkdirSync(path.join(root, 'gold'), { recursive: true });
    symlinkSync(path.resolve('fixtures', 'charts'), path.join(root, 'charts'));
    for (const g of ['dc-chf-exacerbation', 'ed-asthma-exacerbation', 'ov-diabetes-neuropathy', 'op-lap-appendectomy'])
      copyFileSync(path.join('fixtures', 'gold', `${g}.gold.json`), path.join(root, 'gold', `${g}.gold.json`));
    const out = path.join(root, 'm.model.gz');
    const t = await cli([
      'train',
      '--gold',
      path.join(root, 'gold'),
      '--reviewed',
      dir,
      '--folds',
      '2',
      '--out',
      out,
      '-q',
    ]);
    expect(t.stderr).toBe('');
    expect(t.code).toBe(0);
    expect(t.stdout).toContain(`reviewed batch ${dir}: 1 charts as gold`);
    expect(t.stdout).toMatch(/trained on 5 charts \(gold \+ 1 reviewed charts; 0 could not be coded\)/);
    expect(statSync(out).size).toBeGreaterThan(0);
  });

  it('calibrate --reviewed alone with one reviewed chart is a coded error, not a crash', async () => {
    const c = await cli(['calibrate', '--reviewed', dir, '--pipeline', 'outpatient', '--dry-run']);
    expect(c.code).toBe(1);
    expect(c.stdout).toContain('1 charts as gold');
    expect(c.stderr).toMatch(
      /CALIBRATE_TOO_FEW_CHARTS: .*too few reviewed charts to fit: expected at least 2 charts with code suggestions, found 1/,
    );
  });
});
