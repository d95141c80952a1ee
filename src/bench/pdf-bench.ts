/**
 * PDF text extraction next to poppler's `pdftotext` on the same files, as ratios measured in one run:
 * one thread on one PDF (warm: a nightly run parses thousands, so pdf.js start-up is paid once per worker),
 * and a whole batch through the worker pool against as many `pdftotext` processes as there are workers.
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import pLimit from 'p-limit';
import { readPdf } from '../ingest/read-pdf.js';
import { listInputs } from '../ingest/list-inputs.js';
import { loadPipelineConfig } from '../pipeline/config.js';
import { runBatch } from '../pipeline/run-batch.js';
import { packageRoot } from '../contract/paths.js';
import { benchPdf } from './pdf-corpus.js';

const run = promisify(execFile);

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Best of `n` timings in seconds (the least disturbed by other work on the machine). */
async function best(n: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    min = Math.min(min, (performance.now() - t0) / 1000);
  }
  return min;
}

async function singleThread(label: string, files: string[], pages: number, poppler: boolean): Promise<string> {
  const bufs = files.map((f) => readFileSync(f));
  for (const b of bufs) await readPdf(b, { maxPages: 10_000 }); // warm pdf.js up
  const ours = await best(3, async () => {
    for (const b of bufs) await readPdf(b, { maxPages: 10_000 });
  });
  let tail = '';
  if (poppler) {
    const theirs = await best(3, () =>
      files.forEach((f) => execFileSync('pdftotext', [f, '-'], { stdio: ['ignore', 'ignore', 'ignore'] })),
    );
    tail = `; pdftotext ${(pages / theirs).toFixed(0)} pages/s; ours/pdftotext = ${(theirs / ours).toFixed(2)}`;
  }
  return `PDF, one thread, ${label} (${pages} pages): ${(pages / ours).toFixed(0)} pages/s${tail}`;
}

async function batch(work: string, copies: number, workers: number, poppler: boolean): Promise<string> {
  const src = path.join(packageRoot, 'fixtures', 'pdf');
  const originals = readdirSync(src)
    .filter((f) => f.endsWith('.pdf'))
    .sort();
  const dir = path.join(work, 'pdf-batch');
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < copies; i++)
    copyFileSync(
      path.join(src, originals[i % originals.length]!),
      path.join(dir, `pdf-${String(i).padStart(5, '0')}.pdf`),
    );
  const files = readdirSync(dir).map((f) => path.join(dir, f));
  const t0 = performance.now();
  const r = await runBatch({
    config: loadPipelineConfig('outpatient'),
    inputs: listInputs([dir]),
    outDir: path.join(work, 'out'),
    batchId: `pdf-batch-w${workers}`,
    workers,
  });
  const ours = (performance.now() - t0) / 1000;
  const pages = countPages(r.dir);
  let tail = '';
  if (poppler) {
    const limit = pLimit(workers);
    const t1 = performance.now();
    await Promise.all(files.map((f) => limit(() => run('pdftotext', [f, '-'], { maxBuffer: 1 << 26 }))));
    const theirs = (performance.now() - t1) / 1000;
    tail = `; ${workers} pdftotext processes: ${(pages / theirs).toFixed(0)} pages/s; ours/pdftotext = ${(theirs / ours).toFixed(2)}`;
  }
  return `PDF batch, whole pipeline, ${copies} real PDFs (${pages} pages, ${r.failed} failed), ${workers} workers: ${(copies / ours).toFixed(0)} charts/s, ${(pages / ours).toFixed(0)} pages/s${tail}`;
}

/** Pages read in a finished batch, from charts.csv. */
function countPages(batchDir: string): number {
  const rows = parse(readFileSync(path.join(batchDir, 'charts.csv')), { columns: true, bom: true }) as {
    pages: string;
  }[];
  return rows.reduce((n, r) => n + Number(r.pages), 0);
}

export async function pdfBench(work: string, workers: number): Promise<string[]> {
  const poppler = hasPdftotext();
  const lines: string[] = [];
  if (!poppler) lines.push('pdftotext not installed (apt-get install poppler-utils): PDF figures without a ratio');
  const generated = await benchPdf(work, 200);
  lines.push(await singleThread('one 200-page PDF made with pdf-lib', [generated.file], generated.pages, poppler));
  const src = path.join(packageRoot, 'fixtures', 'pdf');
  const real = readdirSync(src)
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => path.join(src, f));
  const realPages = (
    await Promise.all(real.map(async (f) => (await readPdf(readFileSync(f), { maxPages: 10_000 })).pages.length))
  ).reduce((a, b) => a + b, 0);
  lines.push(
    await singleThread(
      `the ${real.length} fixture PDFs (LibreOffice, enscript, groff, wkhtmltopdf)`,
      real,
      realPages,
      poppler,
    ),
  );
  lines.push(await batch(work, 1000, workers, poppler));
  return lines;
}
