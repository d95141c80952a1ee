/**
 * `npm run bench`: throughput and memory of the real pipeline on this machine. Prints figures; asserts
 * nothing (benchmarks are not tests). Ratios measured in the same run (ours vs pdftotext) travel
 * better between machines than absolute times.
 */
import { outpatientStages } from './bench-stages.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newRecord, processChart } from '../pipeline/process-chart.js';
import { packageRoot } from '../contract/paths.js';
import { fixtureTexts, mtsamplesTexts, writeCorpus } from './corpus.js';
import { codeSetBench } from './code-set-bench.js';
import { csvEncodingBench } from './csv-encoding-bench.js';
import { formatsBench } from './formats-bench.js';
import { ocrBench } from './ocr-bench.js';
import { longLineBench } from './long-line-bench.js';
import { hostilePdfBench } from './hostile-pdf-bench.js';
import { pdfBench } from './pdf-bench.js';
import { queueBench, type QueueCorpus } from './queue-bench.js';
import { pdfQueueBench } from './pdf-queue-bench.js';
import { storeBench } from './store-bench.js';
import { reviewChartBench, reviewStartBench } from './review-bench.js';
import { reviewScreenshots } from './review-screenshots.js';

const work = mkdtempSync(path.join(tmpdir(), 'chartcoder-bench-'));
const mb = (bytes: number) => bytes / 1024 / 1024;
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function nlpThroughput(texts: string[]): Promise<string> {
  const names = ['sectionize', 'extract-mentions', 'classify-assertion'];
  const stages = await outpatientStages((name) => names.includes(name));
  const pass = async (batch: string[]) => {
    let bytes = 0;
    for (const [i, text] of batch.entries()) {
      const r = newRecord({ id: `n${i}`, path: 'mem' }, 'outpatient');
      r.text = text;
      bytes += Buffer.byteLength(text);
      await processChart(r, stages);
    }
    return bytes;
  };
  // A nightly run codes thousands of charts per worker: measure after the JIT has seen a few hundred.
  await pass(texts.slice(0, 500));
  const t0 = performance.now();
  const bytes = await pass(texts);
  const s = (performance.now() - t0) / 1000;
  return `sectionize→classify-assertion, one core, warm: ${(mb(bytes) / s).toFixed(2)} MB/s (${texts.length} charts, ${mb(bytes).toFixed(1)} MB, ${s.toFixed(2)} s)`;
}

interface CliRun {
  charts: number;
  workers: number;
  rate: number;
  /** Cores kept busy: CPU time of the whole process over the run's duration. */
  cores: number;
  rssMb: number;
  s: number;
}

/** The CLI as a coding department runs it, on `dir`; `pin` runs it on one core (taskset) for the one-core baseline. */
function cliRun(dir: string, charts: number, workers: number, pin = false): CliRun {
  const out = path.join(work, 'cli-out');
  const batchId = `b-${charts}-w${workers}${pin ? '-pinned' : ''}`;
  const args = [
    path.join(packageRoot, 'bin', 'chartcoder.js'),
    'run',
    dir,
    '--out',
    out,
    '--batch-id',
    batchId,
    '--workers',
    String(workers),
    '--quiet',
  ];
  if (pin) execFileSync('taskset', ['-c', '0', process.execPath, ...args]);
  else execFileSync(process.execPath, args);
  const m = JSON.parse(readFileSync(path.join(out, batchId, 'manifest.json'), 'utf8'));
  rmSync(path.join(out, batchId), { recursive: true, force: true });
  return {
    charts,
    workers,
    rate: (charts / m.durationMs) * 1000,
    cores: m.cpuMs / m.durationMs,
    rssMb: m.peakRssMb,
    s: m.durationMs / 1000,
  };
}

const describeRun = (r: CliRun, label: string, bytes: number) =>
  `run (CLI), ${label}, ${r.charts} text charts, ${r.workers} worker(s): ${r.rate.toFixed(0)} charts/s, ${(mb(bytes) / r.s).toFixed(2)} MB/s, ${r.cores.toFixed(2)} cores busy, peak RSS ${r.rssMb} MB`;

const hasTaskset = (): boolean => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
};

/**
 * Throughput, peak RSS and the speedup of 2 workers over 1 by batch size. A worker's JIT warm-up and set-up
 * are a fixed cost per worker, so small batches scale less; with one worker the compiler threads and the
 * batch thread use the other core for free, so a one-core run (taskset) is shown beside the `pinAt` size.
 * This machine's speed drifts by ±15% from minute to minute: each speedup is the median over `rounds`
 * back-to-back pairs of runs (1 worker, then 2), never one run against another made minutes apart.
 */
function scaling(texts: string[], label: string, sizes: number[], rounds: number, pinAt: number): string[] {
  const lines: string[] = [];
  const rss: string[] = [];
  for (const n of sizes) {
    const dir = path.join(work, `${label}-${n}`);
    const bytes = writeCorpus(dir, texts, n);
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const one = cliRun(dir, n, 1);
      const two = cliRun(dir, n, 2);
      lines.push(describeRun(one, label, bytes), describeRun(two, label, bytes));
      ratios.push(two.rate / one.rate);
      if (r === 0) rss.push(`${n} charts: ${two.rssMb} MB`);
    }
    let line = `speedup of 2 workers over 1 at ${n} charts: ${median(ratios).toFixed(2)}x (median of ${ratios.map((x) => x.toFixed(2)).join(', ')})`;
    if (n === pinAt && hasTaskset()) {
      const pinned = cliRun(dir, n, 1, true);
      const two = cliRun(dir, n, 2);
      line += `; over 1 worker on one core (taskset, ${pinned.rate.toFixed(0)} charts/s): ${(two.rate / pinned.rate).toFixed(2)}x`;
    }
    lines.push(line);
    rmSync(dir, { recursive: true, force: true });
  }
  lines.push(`CLI peak RSS by batch size (2 workers): ${rss.join('; ')}`);
  return lines;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function main(): Promise<void> {
  const mts = mtsamplesTexts();
  const texts = mts ?? fixtureTexts();
  const label = mts ? 'mtsamples' : 'fixtures';
  const lines: string[] = [
    `chartcoder bench — node ${process.version}, corpus: ${label} (${texts.length} distinct texts)`,
  ];
  const say = (l: string) => {
    lines.push(l);
    process.stdout.write(`${l}\n`);
  };
  say(lines[0]!);
  // `npm run bench -- <part>`: one part alone (csv, formats, review, review-screenshots, queue, queue-pdf, store, hostile-pdf), not the whole bench's quarter of an hour
  const only = process.argv[2];
  const part = (name: string) => only === undefined || only === name;
  if (part('csv')) for (const l of await csvEncodingBench(texts.slice(0, 2000))) say(l);
  // `npm run bench -- formats [charts]`: what jsonl and fhir cost per chart, encoded alone and in whole runs
  if (part('formats'))
    for (const l of await formatsBench(work, texts, Number((only && process.argv[3]) ?? 5000))) say(l);
  if (only === undefined) await pipelineBench(texts, label, say);
  // `npm run bench -- review-screenshots`: the README's screenshots of the review page, drawn again (not in the whole bench)
  if (only === 'review-screenshots') for (const l of await reviewScreenshots()) say(l);
  if (part('review')) {
    for (const l of await reviewChartBench(work)) say(l);
    for (const l of await reviewStartBench(work, texts)) say(l);
  }
  // `npm run bench -- queue [charts]`: coordinator + 2 warm worker processes against the local run (default 20,000)
  const size = Number(process.argv[3] ?? 20_000);
  if (part('queue')) for (const l of await queueBench(work, textQueueCorpus(texts, label, size))) say(l);
  // `npm run bench -- queue-pdf`: 60 chart PDFs of 9 pages through warm worker processes, against pdftotext
  if (part('queue-pdf')) for (const l of await pdfQueueBench(work)) say(l);
  // `npm run bench -- store [charts]`: the official FY2026 store, 1 worker and 2, peak RSS (default 5,000)
  if (part('store')) for (const l of storeBench(work, texts, Number(process.argv[3] ?? 5000))) say(l);
  // `npm run bench -- hostile-pdf`: peak RSS of a 2-worker run over PDF bombs, a huge image and 30,000 pages
  if (part('hostile-pdf')) for (const l of await hostilePdfBench(work)) say(l);
  say(`peak RSS of the bench process: ${rssMb()} MB`);
  writeFileSync(path.join(work, 'bench.txt'), `${lines.join('\n')}\n`);
  rmSync(work, { recursive: true, force: true });
}

/** The queue bench's text corpus: `size` charts, the 5,000-chart batch beside it, a 500-chart warm-up. */
function textQueueCorpus(texts: string[], label: string, size: number): QueueCorpus {
  const at = (n: number) => {
    const dir = path.join(work, `queue-${n}`);
    writeCorpus(dir, texts, n);
    return { dir, charts: n };
  };
  return { label, large: at(size), small: at(5000), warmUp: at(500).dir };
}

async function pipelineBench(texts: string[], label: string, say: (l: string) => void): Promise<void> {
  say(await nlpThroughput(texts.slice(0, 2000)));
  for (const l of await longLineBench()) say(l);
  // 100,000 charts: the batch size the targets name (speedup, flat RSS under 1 GB); about 10 minutes of the bench.
  for (const l of scaling(texts, label, [5000, 20000, 100000], 2, 20000)) say(l);
  for (const l of await pdfBench(work, 2)) say(l);
  for (const l of codeSetBench(work)) say(l);
  for (const l of await ocrBench(work)) say(l);
}

await main();
