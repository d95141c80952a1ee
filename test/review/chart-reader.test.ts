/**
 * Charts are read off the review server's thread: while a long PDF is read, the server answers the work list,
 * a code search and a decision; a chart the page opens goes ahead of charts read ahead of time; a read that
 * fails says its ingest code only.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchPdf } from '../../src/bench/pdf-corpus.js';
import { OCR_DEFAULTS } from '../../src/ingest/ocr-options.js';
import { listInputs } from '../../src/ingest/list-inputs.js';
import { loadPipelineConfig } from '../../src/pipeline/config.js';
import { runBatch } from '../../src/pipeline/run-batch.js';
import { ChartReader } from '../../src/review/chart-reader.js';
import { ReviewSession } from '../../src/review/review-session.js';
import { startReviewServer, type ReviewServer } from '../../src/review/server.js';

const LIMITS = { maxBytes: 50_000_000, maxPages: 1000, ocr: OCR_DEFAULTS };

describe('reading charts off the server thread', { timeout: 120_000 }, () => {
  let dir: string;
  let session: ReviewSession;
  let server: ReviewServer;
  const notes = path.join(mkdtempSync(path.join(tmpdir(), 'review-reader-')), 'in');

  beforeAll(async () => {
    mkdirSync(notes);
    await benchPdf(notes, 150);
    writeFileSync(path.join(notes, 'short-note.txt'), 'ASSESSMENT:\n1. Essential hypertension.\n');
    const batch = await runBatch({
      config: loadPipelineConfig('outpatient'),
      inputs: listInputs([notes]),
      outDir: path.join(notes, '..', 'out'),
      batchId: 'reader',
      workers: 0,
    });
    dir = batch.dir;
    session = await ReviewSession.open(dir);
    server = await startReviewServer({ session, coder: 'ana' });
  });
  afterAll(async () => {
    await server?.close();
    session?.close();
  });

  it('answers the work list, a search and a decision while a 150-page PDF is being read', async () => {
    const done: string[] = [];
    const get = (route: string, name: string) =>
      fetch(`${server.url}api/${route}`).then(async (r) => {
        done.push(name);
        return { status: r.status, body: (await r.json()) as Record<string, unknown> };
      });
    const chart = get('chart?id=bench', 'chart');
    await new Promise((r) => setTimeout(r, 50)); // the chart's read has started
    const [list, search] = await Promise.all([
      get('worklist?limit=5', 'worklist'),
      get('search?id=short-note&system=icd10cm&q=hypertension', 'search'),
    ]);
    const decision = await fetch(`${server.url}api/decisions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ chart: 'short-note', system: 'icd10cm', code: 'I10', action: 'accept' }),
    }).then((r) => {
      done.push('decision');
      return r.status;
    });
    const view = await chart;
    expect(done).toEqual(['worklist', 'search', 'decision', 'chart']);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(search.status).toBe(200);
    expect(decision).toBe(200);
    expect(view.status).toBe(200);
    const text = view.body.text as { text: string; pages: unknown[] };
    expect(text.pages).toHaveLength(150);
    const rows = view.body.rows as { evidence: { start: number; end: number }[]; code: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows.slice(0, 20))
      expect(text.text.slice(r.evidence[0]!.start, r.evidence[0]!.end).trim().length).toBeGreaterThan(0);
  });

  it('reads a chart the page opens before charts read ahead of time, and says why a read fails', async () => {
    const reader = new ChartReader();
    const order: string[] = [];
    const read = (key: string, file: string, prefetch: boolean) =>
      reader.read(key, file, LIMITS, prefetch).then(
        (c) => order.push(`${key} ${c.pages.length}`),
        (e: Error) => order.push(`${key} ${e.message}`),
      );
    const pdf = path.join(notes, 'bench.pdf');
    const note = path.join(notes, 'short-note.txt');
    await Promise.all([
      read('first', pdf, true), // running when the others arrive
      read('ahead', note, true),
      read('later', pdf, true),
      read('missing', path.join(notes, 'gone.txt'), false), // the page waits for this one: before both prefetches
      (async () => reader.promote('later'))(), // opened now: before 'ahead'
    ]);
    await reader.close();
    expect(order).toEqual(['first 150', 'missing INGEST_UNREADABLE', 'later 150', 'ahead 1']);
  });
});
