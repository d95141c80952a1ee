/**
 * A scanned chart on the review page is read with the batch's own OCR options (manifest.json), so its text and
 * offsets are the batch's; when the batch does not record them, or OCR reads otherwise than charts.csv says,
 * the page is told its highlights may be misplaced.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutPages, scanPages, tiffOf } from '../../src/bench/scan-fixtures.js';
import { packageRoot } from '../../src/contract/paths.js';
import { listInputs } from '../../src/ingest/list-inputs.js';
import { closeRecognizer } from '../../src/ingest/recognizer.js';
import { loadPipelineConfig } from '../../src/pipeline/config.js';
import { runBatch } from '../../src/pipeline/run-batch.js';
import type { ChartEntry } from '../../src/review/batch-index.js';
import { batchReadOptions } from '../../src/review/batch-read-options.js';
import { ocrWarning } from '../../src/review/chart-text.js';
import { ReviewSession } from '../../src/review/review-session.js';

const root = mkdtempSync(path.join(tmpdir(), 'review-scan-'));
const note = readFileSync(path.join(packageRoot, 'fixtures', 'charts', 'ov-diabetes-neuropathy.txt'), 'utf8');
const lines = layoutPages(note)[0]!;

describe('a scanned chart on the review page', { timeout: 240_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    // page 1: the assessment (coded); page 2: more text. The batch reads only page 1 (OCR maxPages 1, not the default 50).
    const assessment = lines.slice(lines.findIndex((l) => /ASSESSMENT/.test(l))).slice(0, 12);
    const tiff = await tiffOf([scanPages(assessment.join('\n'))[0]!, scanPages(lines.slice(0, 10).join('\n'))[0]!]);
    mkdirSync(path.join(root, 'in'));
    writeFileSync(path.join(root, 'in', 'fax.tif'), tiff);
    const cfg = JSON.parse(readFileSync(path.join(packageRoot, 'pipelines', 'outpatient.json'), 'utf8'));
    cfg.stages.find((s: { stage: string }) => s.stage === 'ingest').options = { ocr: { maxPages: 1 } };
    writeFileSync(path.join(root, 'one-page-ocr.json'), JSON.stringify(cfg));
    const batch = await runBatch({
      config: loadPipelineConfig(path.join(root, 'one-page-ocr.json')),
      inputs: listInputs([path.join(root, 'in')]),
      outDir: path.join(root, 'out'),
      batchId: 'scan',
      workers: 0,
    });
    dir = batch.dir;
  });
  afterAll(() => closeRecognizer());

  it("reads it with the batch's OCR options: the same pages, the evidence on the coded words, no warning", async () => {
    const chart = (
      parse(readFileSync(path.join(dir, 'charts.csv')), { columns: true, bom: true }) as Record<string, string>[]
    )[0]!;
    expect(chart.ocr_pages).toBe('1');
    const s = await ReviewSession.open(dir);
    try {
      const view = await s.chart('fax');
      expect(view.text?.warning).toBeUndefined();
      expect(view.text!.pages).toHaveLength(2);
      expect(view.text!.pages[1]!.end).toBe(view.text!.pages[1]!.start); // page 2 not read, as in the batch
      const codes = parse(readFileSync(path.join(dir, 'codes.csv')), { columns: true, bom: true }) as Record<
        string,
        string
      >[];
      expect(codes.length).toBeGreaterThan(0);
      for (const c of codes) expect(view.text!.text.slice(Number(c.start), Number(c.end))).toBe(c.evidence);
    } finally {
      s.close();
    }
  });

  it('warns on the page when the batch does not record its OCR options', async () => {
    const file = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    delete manifest.pipeline; // as an older chartcoder's batch
    writeFileSync(file, JSON.stringify(manifest));
    const s = await ReviewSession.open(dir);
    try {
      const view = await s.chart('fax');
      expect(view.text!.warning).toMatch(/read by OCR with the default options: the batch does not record/);
      expect(view.text!.pages[1]!.end).toBeGreaterThan(view.text!.pages[1]!.start); // the default reads page 2
    } finally {
      s.close();
    }
  });

  it('warns when OCR reads pages or a confidence other than charts.csv records', () => {
    const entry = { ocr: { pages: '1', confidence: '91.3' } } as ChartEntry;
    const batch = batchReadOptions({ pipeline: { config: { stages: [{ stage: 'ingest', options: { ocr: {} } }] } } });
    expect(batch.unknown).toBeUndefined();
    const read = (pages: number[], meanConfidence: number) => ({
      text: '',
      pages: [],
      sha256: '',
      ocr: { pages, meanConfidence },
    });
    expect(ocrWarning(entry, read([1], 91.3), batch)).toBeUndefined();
    expect(ocrWarning(entry, read([1], 88.04), batch)).toMatch(
      /confidence 88\.0; the batch: pages 1, confidence 91\.3/,
    );
    expect(ocrWarning(entry, read([1, 2], 91.3), batch)).toMatch(/pages 1; 2/);
    expect(
      ocrWarning({ ocr: { pages: '', confidence: '' } } as ChartEntry, { text: '', pages: [], sha256: '' }, batch),
    ).toBeUndefined();
  });
});
