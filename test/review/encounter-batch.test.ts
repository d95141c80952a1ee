/**
 * An encounter batch (a discharge summary and an operative report of one stay, manifest `encounter_id`) as the
 * review page and `eval --batch` read it: a code found in both documents has a `more_evidence` span
 * `op-knee:start-end` in the other document, which must be read as that document's span, not as NaN offsets.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { readBatch } from '../../src/evaluate/predictions.js';
import { readChart } from '../../src/ingest/read-chart.js';
import { chartRows, indexBatch } from '../../src/review/batch-index.js';
import { ReviewSession } from '../../src/review/review-session.js';
import { parseMoreEvidence } from '../../src/write-review-batch/more-evidence.js';
import { textFileName } from '../../src/write-review-batch/text-format.js';
import { runManifestBatch } from '../support/manifest-batch.js';

const chart = (name: string) => path.join(packageRoot, 'fixtures', 'charts', `${name}.txt`);
const HIP = chart('dc-hip-fracture-orif-left');
const KNEE = chart('op-total-knee-arthroplasty-right');
let dir: string;

beforeAll(async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'cc-review-enc-'));
  const batch = await runManifestBatch({
    work,
    header: 'chart_id,path,encounter_type,date_of_service,encounter_id',
    rows: [`dc-hip,${HIP},inpatient,2026-09-20,E1`, `op-knee,${KNEE},inpatient,2026-09-20,E1`],
    id: 'e',
    format: 'csv,text',
  });
  expect(batch.r.code).toBe(0);
  dir = batch.dir;
}, 120_000);

describe('more_evidence in an encounter batch', () => {
  it('parses spans in the row chart and in another document, and skips what is not a span', () => {
    expect(parseMoreEvidence('120-131; op-knee:40-52; a:b-c:7-9; junk; ')).toEqual([
      { start: 120, end: 131 },
      { chart: 'op-knee', start: 40, end: 52 },
      { chart: 'a:b-c', start: 7, end: 9 },
    ]);
    expect(parseMoreEvidence(undefined)).toEqual([]);
  });

  it('the review page marks only spans in the chart shown and names the other document', async () => {
    const index = await indexBatch(dir);
    const rows = chartRows(index.byId.get('dc-hip')!);
    const i10 = rows.find((r) => r.code === 'I10')!;
    const hip = readFileSync(HIP, 'utf8');
    for (const e of i10.evidence) {
      expect(Number.isInteger(e.start) && e.end <= hip.length).toBe(true);
    }
    expect(i10.elsewhere?.map((e) => e.chart)).toContain('op-knee');
    const knee = i10.elsewhere!.find((e) => e.chart === 'op-knee')!;
    expect(readFileSync(KNEE, 'utf8').slice(knee.start, knee.end)).toMatch(/hypertension/i);
    const all = index.charts.flatMap((c) => chartRows(c));
    expect(all.flatMap((r) => r.evidence).every((e) => Number.isInteger(e.start) && Number.isInteger(e.end))).toBe(
      true,
    );
  });

  it('eval --batch reads every range as a number in the row chart', () => {
    const { predictions } = readBatch(dir);
    const i10 = predictions.find((p) => p.chartId === 'dc-hip' && p.code === 'I10')!;
    expect(i10).toBeDefined();
    expect(
      predictions.flatMap((p) => p.ranges).every((r) => Number.isInteger(r.start) && Number.isInteger(r.end)),
    ).toBe(true);
  });
});

describe('text kept by the batch (--format csv,text) in an encounter batch', () => {
  it('writes each document its own text and pages, as ingest reads the file, owner-only', async () => {
    for (const [id, file] of [
      ['dc-hip', HIP],
      ['op-knee', KNEE],
    ] as const) {
      const name = path.join(dir, textFileName(id));
      expect(statSync(name).mode & 0o777).toBe(0o600);
      const kept = JSON.parse(readFileSync(name, 'utf8'));
      const read = await readChart(file, { maxBytes: 1e7, maxPages: 50 });
      expect(kept.text).toBe(read.text);
      expect(kept.pages).toEqual(read.pages.map((p) => [p.start, p.end]));
      expect(kept.sha256).toBe(read.source.sha256);
    }
    expect(statSync(path.join(dir, 'text')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')).files.text).toHaveLength(2);
  });

  it('the review page shows the kept text, not the chart file read again', async () => {
    const name = path.join(dir, textFileName('op-knee'));
    const kept = JSON.parse(readFileSync(name, 'utf8'));
    // the same length, other letters: only a page that reads text/ shows them
    writeFileSync(name, JSON.stringify({ ...kept, text: kept.text.replace(/[a-z]/g, 'x') }), { mode: 0o600 });
    const session = await ReviewSession.open(dir);
    try {
      const view = await session.chart('op-knee');
      expect(view.text?.text).toBe(kept.text.replace(/[a-z]/g, 'x'));
      expect(view.text?.warning).toBeUndefined();
      // a kept text that is not this chart's (another sha256) is ignored: the file is read again
      writeFileSync(name, JSON.stringify({ ...kept, sha256: '0'.repeat(64), text: 'other' }), { mode: 0o600 });
      const other = await ReviewSession.open(dir);
      try {
        expect((await other.chart('op-knee')).text?.text).toBe(kept.text);
      } finally {
        other.close();
      }
    } finally {
      session.close();
      writeFileSync(name, JSON.stringify(kept), { mode: 0o600 });
    }
  });
});
