/**
 * The review page's speed: opening a 300-page chart (the server reading its text, kept by the batch or from
 * the PDF, and rows, then chromium
 * drawing it, and jumping to its last evidence), and starting on a 50,000-chart batch (the index built from
 * the batch files, then read from review-index.json). The browser part needs Debian's chromium and the dev
 * dependency playwright-core (the bench runs from a full checkout); it is skipped without them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { listInputs } from '../ingest/list-inputs.js';
import { loadPipelineConfig } from '../pipeline/config.js';
import { runBatch } from '../pipeline/run-batch.js';
import { indexBatch } from '../review/batch-index.js';
import { INDEX_CACHE_FILE } from '../review/index-cache.js';
import { ReviewSession } from '../review/review-session.js';
import { startReviewServer } from '../review/server.js';
import { packageRoot } from '../contract/paths.js';
import { TEXT_DIR } from '../write-review-batch/text-format.js';
import { writeCorpus } from './corpus.js';
import { benchPdf } from './pdf-corpus.js';

const ms = (t0: number) => Math.round(performance.now() - t0);

function chromiumPath(): string {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/**
 * Open a 300-page PDF chart: server cold with the text the batch kept (`--format csv,text`), cold reading the
 * PDF again (pdf.js on the reading thread; text/ set aside), read ahead, and warm (from memory); then the page
 * in chromium.
 */
export async function reviewChartBench(work: string, pages = 300): Promise<string[]> {
  const dir = path.join(work, 'review-300');
  mkdirSync(path.join(dir, 'in'), { recursive: true });
  await benchPdf(path.join(dir, 'in'), pages);
  const batch = await runBatch({
    config: loadPipelineConfig('outpatient'),
    inputs: listInputs([path.join(dir, 'in')]),
    outDir: path.join(dir, 'out'),
    batchId: 'r300',
    workers: 0,
    formats: ['csv', 'text'],
  });
  const session = await ReviewSession.open(batch.dir);
  const lines: string[] = [];
  try {
    const id = session.index.charts[0]!.id;
    const kept: number[] = [];
    for (let i = 0; i < 3; i++) kept.push(await coldOpen(batch.dir, id));
    let t0 = performance.now();
    const view = await session.chart(id);
    t0 = performance.now();
    await session.chart(id);
    const warm = ms(t0);
    // the same batch as if run without text: the PDF is read again
    renameSync(path.join(batch.dir, TEXT_DIR), path.join(dir, 'text-aside'));
    const pdf = await coldOpen(batch.dir, id);
    const evidence = view.rows.reduce((n, r) => n + r.evidence.length, 0);
    const ahead = await prefetchedOpen(batch.dir, id);
    lines.push(
      `review, ${pages}-page PDF chart (${view.text?.text.length ?? 0} characters, ${view.rows.length} codes, ${evidence} evidence spans): server cold ${kept.join(' / ')} ms with the text the batch kept (--format csv,text; 3 fresh servers), ${pdf} ms cold reading the PDF again (a batch without text/), ${ahead.open} ms when read ahead while the coder works the chart before it (the server answered ${ahead.answered} work-list requests, ${ahead.slowest} ms at most, during the read), ${warm} ms warm`,
    );
    const browser = chromiumPath() ? await browserOpen(session, id, view.rows.length) : undefined;
    lines.push(browser ?? 'review, chart in chromium: skipped (no chromium)');
  } finally {
    session.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

/** A fresh server's first open of the chart (nothing in memory). */
async function coldOpen(dir: string, id: string): Promise<number> {
  const session = await ReviewSession.open(dir);
  try {
    const t0 = performance.now();
    await session.chart(id);
    return ms(t0);
  } finally {
    session.close();
  }
}

/**
 * A fresh server reads the chart ahead (as when the coder opened the chart before it), while the work list is
 * asked for every 50 ms (the server thread stays free); once the read is done the chart is opened.
 */
async function prefetchedOpen(dir: string, id: string): Promise<{ open: number; answered: number; slowest: number }> {
  const session = await ReviewSession.open(dir);
  try {
    session.prefetch([id]);
    const reading = session.chart(id, true); // the same read: resolves when the prefetch is done
    let done = false;
    void reading.then(() => (done = true));
    let answered = 0;
    let slowest = 0;
    while (!done) {
      const t0 = performance.now();
      session.workList({ offset: 0, limit: 50 });
      await new Promise((r) => setTimeout(r, 50));
      slowest = Math.max(slowest, ms(t0) - 50);
      answered++;
    }
    const t0 = performance.now();
    await session.chart(id);
    return { open: ms(t0), answered, slowest };
  } finally {
    session.close();
  }
}

/** Hash change to the first evidence drawn, then a click on the row whose evidence is last in the text. */
async function browserOpen(session: ReviewSession, id: string, rows: number): Promise<string> {
  const { chromium } = await import('playwright-core');
  const server = await startReviewServer({ session, coder: 'bench' });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  try {
    const times: number[] = [];
    let nodes = 0;
    let jump = 0;
    for (let round = 0; round < 3; round++) {
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.locator('table.work tbody tr').first().waitFor();
      const t0 = performance.now();
      await page.evaluate((h) => void (location.hash = h), `#chart=${encodeURIComponent(id)}`);
      await page.locator('.text mark').first().waitFor();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
      times.push(ms(t0));
      nodes = await page.evaluate(() => document.querySelectorAll('.text *').length);
      const t1 = performance.now();
      await page
        .locator('.row')
        .nth(rows - 1)
        .click();
      await page.locator('.row.current').waitFor();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
      jump = ms(t1);
      await page.close();
    }
    return `review, chart in chromium (server warm): opened in ${times.join(' / ')} ms (3 rounds), ${nodes} elements drawn in the text; jump to the last row's evidence ${jump} ms`;
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Start on a batch of `charts` charts: the first page on a new batch, the index from the batch files, then from review-index.json. */
export async function reviewStartBench(work: string, texts: string[], charts = 50_000): Promise<string[]> {
  const input = path.join(work, 'review-start-in');
  writeCorpus(input, texts, charts);
  const out = path.join(work, 'review-start-out');
  execFileSync(process.execPath, [
    path.join(packageRoot, 'bin', 'chartcoder.js'),
    'run',
    input,
    '--out',
    out,
    '--batch-id',
    'rs',
    '--workers',
    '2',
    '--quiet',
  ]);
  rmSync(input, { recursive: true, force: true });
  const dir = path.join(out, 'rs');
  try {
    // the first start on the new batch, as the server does it: the work list's first page once charts.csv is read
    const first: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t1 = performance.now();
      const session = await ReviewSession.open(dir, { background: true });
      session.workList({ offset: 0, limit: 50 });
      first.push(ms(t1));
      await session.index.ready;
      session.close();
      rmSync(path.join(dir, INDEX_CACHE_FILE), { force: true });
    }
    let t0 = performance.now();
    await indexBatch(dir, { writeCache: true });
    const built = ms(t0);
    const cached: number[] = [];
    for (let i = 0; i < 3; i++) {
      t0 = performance.now();
      const index = await indexBatch(dir);
      if (index.from !== 'cache') throw new Error('expected the index from review-index.json');
      cached.push(ms(t0));
    }
    return [
      `review, start on ${charts.toLocaleString('en-US')} charts: first page of the work list on the new batch in ${first.join(' / ')} ms (3 first starts; codes.csv indexed behind it); index built from the batch files in ${built} ms; from review-index.json in ${cached.join(' / ')} ms (3 starts)`,
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
