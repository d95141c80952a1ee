/**
 * PDFs through the queue: 60 chart PDFs of 9 pages (made with pdf-lib) coded by warm worker processes, 2 and
 * then 1 (see queue-bench), beside 2 `pdftotext` processes reading the same files, in the same run.
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { benchPdf } from './pdf-corpus.js';
import { load, queueBench } from './queue-bench.js';

const PDFS = 60;
const PAGES = 9;

export async function pdfQueueBench(work: string): Promise<string[]> {
  const made = await benchPdf(work, PAGES);
  const dir = path.join(work, 'queue-pdfs');
  const warmUp = path.join(work, 'queue-pdfs-warm-up');
  for (const [d, n] of [
    [dir, PDFS],
    [warmUp, 4],
  ] as const) {
    mkdirSync(d, { recursive: true });
    for (let i = 0; i < n; i++) copyFileSync(made.file, path.join(d, `chart-${String(i).padStart(3, '0')}.pdf`));
  }
  const lines = await queueBench(work, {
    label: `${PDFS} chart PDFs of ${PAGES} pages`,
    large: { dir, charts: PDFS },
    warmUp,
    pagesPerChart: PAGES,
  });
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
  } catch {
    return [...lines, 'pdftotext not installed (apt-get install poppler-utils): no ratio'];
  }
  const run = promisify(execFile);
  const limit = pLimit(2);
  const files = readdirSync(dir).map((f) => path.join(dir, f));
  const t0 = performance.now();
  await Promise.all(files.map((f) => limit(() => run('pdftotext', [f, '-'], { maxBuffer: 1 << 26 }))));
  const s = (performance.now() - t0) / 1000;
  return [
    ...lines,
    `2 pdftotext processes on the same ${PDFS} PDFs: ${((PDFS * PAGES) / s).toFixed(0)} pages/s (${load()})`,
  ];
}
