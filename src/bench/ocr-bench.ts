/**
 * OCR bench: gold fixtures rendered as 200-dpi scans (clean, and degraded by speckle and a 0.7° skew), read
 * by the pipeline's own ingest (tesseract.js) and coded by the outpatient pipeline. Reports the character error
 * rate, coding F1 on the scans against the same charts typed, what approximate matching of OCR words adds
 * (codes gained that gold has, codes added that it has not), and speed: pages per CPU-second of ours against
 * the native `tesseract` CLI (Debian `tesseract-ocr`, one thread) on the same page images, in the same run.
 * A sample of charts (`OCR_BENCH_CHARTS`, default 10, spread over the document types) keeps it to minutes.
 * Run alone: `npm run build && node dist/bench/ocr-bench.js`.
 */
import { outpatientStages } from './bench-stages.js';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChartRecord } from '../contract/chart-record.js';
import { loadGoldDir, scoredCode, type GoldChart } from '../evaluate/gold.js';
import { microPrf } from '../evaluate/metrics.js';
import { ocrOptions } from '../ingest/ocr-options.js';
import { readChart, type ChartText } from '../ingest/read-chart.js';
import { closeRecognizer } from '../ingest/recognizer.js';
import { newRecord, processChart } from '../pipeline/process-chart.js';
import { packageRoot } from '../contract/paths.js';
import { characterErrorRate } from './ocr-accuracy.js';
import { scanPages, tiffOf, type ScanStyle } from './scan-fixtures.js';

const SETS: Record<string, ScanStyle> = { clean: {}, degraded: { skew: 0.7, noise: 0.004, seed: 11 } };

interface Read {
  gold: GoldChart;
  chart: ChartText;
}

export async function ocrBench(work: string, sample = Number(process.env.OCR_BENCH_CHARTS ?? 10)): Promise<string[]> {
  const out: string[] = [];
  const golds = pickSample(
    loadGoldDir(path.join(packageRoot, 'fixtures', 'gold')).filter((g) => g.file.endsWith('.txt')),
    sample,
  );
  const code = await coder();
  const typed = await Promise.all(
    golds.map(async (gold) => ({ gold, chart: await readChart(gold.file, { maxBytes: 5e7, maxPages: 300 }) })),
  );
  const textF1 = score(await Promise.all(typed.map((r) => code(r, true))), golds);
  out.push(
    `OCR bench on ${golds.length} gold charts (sample of ${golds.length} of the typed gold set): typed text F1 ${pct(textF1.f1)}`,
  );
  for (const [name, style] of Object.entries(SETS)) {
    const dir = path.join(work, `scans-${name}`);
    mkdirSync(dir, { recursive: true });
    const pngs: string[] = [];
    const reads: Read[] = [];
    let cer = 0;
    let chars = 0;
    let ocrCpu = 0;
    let turned = 0;
    for (const gold of golds) {
      const text = readFileSync(gold.file, 'utf8');
      const pages = scanPages(text, style);
      pages.forEach((p, i) => writeFileSync((pngs[pngs.length] = path.join(dir, `${gold.chartId}-${i + 1}.png`)), p));
      const file = path.join(dir, `${gold.chartId}.tif`);
      writeFileSync(file, await tiffOf(pages));
      const c0 = process.cpuUsage();
      // Wall-clock limits are for production; a bench on a busy machine must not lose pages to them.
      const chart = await readChart(file, {
        maxBytes: 5e8,
        maxPages: 300,
        ocr: ocrOptions.parse({ pageTimeoutMs: 3_600_000 }),
      });
      turned += chart.warnings.filter((w) => w.code === 'INGEST_OCR_PAGE_TURNED').length;
      const c = process.cpuUsage(c0);
      ocrCpu += (c.user + c.system) / 1e6;
      reads.push({ gold, chart });
      const reference = text.replace(/\s+/g, ' ').trim();
      cer += characterErrorRate(reference, chart.text) * reference.length;
      chars += reference.length;
    }
    const on = score(await Promise.all(reads.map((r) => code(r, true))), golds);
    const off = score(await Promise.all(reads.map((r) => code(r, false))), golds);
    const native = nativeCpu(pngs);
    const ours = pngs.length / ocrCpu;
    out.push(
      `  ${name} scans (${pngs.length} pages, ${turned} chart(s) with a page read turned): CER ${pct(cer / chars, 2)}; F1 ${pct(on.f1)} (typed ${pct(textF1.f1)}, ${pts(on.f1 - textF1.f1)})`,
      `    approximate OCR word matching: F1 ${pct(off.f1)} without -> ${pct(on.f1)} with; gold codes gained ${on.tp - off.tp}, codes not in gold added ${on.fp - off.fp}`,
      native === undefined
        ? `    speed: ${ours.toFixed(3)} pages per CPU-second (native tesseract not installed: apt-get install tesseract-ocr)`
        : `    speed: ${ours.toFixed(3)} pages per CPU-second vs native tesseract ${(pngs.length / native).toFixed(3)} (one thread) = ${(ours / (pngs.length / native)).toFixed(2)}x`,
    );
  }
  await closeRecognizer();
  out.push(`  peak RSS of the process after OCR: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  return out;
}

/** Every n-th chart in id order, so each document type is in the sample. */
function pickSample(golds: GoldChart[], n: number): GoldChart[] {
  if (n >= golds.length) return golds;
  const step = golds.length / n;
  return Array.from({ length: n }, (_, i) => golds[Math.floor(i * step)]!);
}

/** The outpatient pipeline after ingest, set up twice: approximate matching of OCR words on and off. */
async function coder(): Promise<(r: Read, approximate: boolean) => Promise<ChartRecord>> {
  const setup = (approximate: boolean) =>
    outpatientStages(
      (name) => name !== 'ingest',
      (name, options) =>
        name === 'extract-mentions' ? { ...(options as object), approximateOcrWords: approximate } : options,
    );
  const pipelines = { true: await setup(true), false: await setup(false) };
  return async ({ gold, chart }, approximate) => {
    const r = newRecord({ id: gold.chartId, path: gold.file }, gold.encounterType);
    Object.assign(r, {
      source: chart.source,
      text: chart.text,
      pages: chart.pages,
      ...(chart.ocr ? { ocr: chart.ocr } : {}),
    });
    return processChart(r, pipelines[`${approximate}`]);
  };
}

function score(records: ChartRecord[], golds: GoldChart[]) {
  const gold = new Map(golds.map((g) => [g.chartId, new Set(g.codes.map((c) => `${c.system}:${c.code}`))]));
  const goldOf = new Map(golds.map((g) => [g.chartId, g.codes]));
  // Scored by eval's rule (evaluate/gold.ts), so the bench's F1 is the one `chartcoder eval` would report.
  const pred = new Map(
    records.map((r) => [
      r.id,
      new Set(r.codes.map((c) => `${c.system}:${scoredCode(goldOf.get(r.id) ?? [], c.system, c.code)}`)),
    ]),
  );
  return microPrf(gold, pred);
}

/** CPU seconds (user + system) the native CLI spends on the pages, one thread, as bash's `times` counts its children. */
function nativeCpu(pngs: string[]): number | undefined {
  try {
    execFileSync('tesseract', ['--version'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  const script = 'for f in "$@"; do tesseract "$f" - >/dev/null 2>&1; done; times';
  const report = execFileSync('bash', ['-c', script, 'bash', ...pngs], {
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    encoding: 'utf8',
  });
  // `times` prints the shell's then its children's "user system" line, as 0m1.234s 0m0.100s.
  const children = report
    .trim()
    .split('\n')
    .at(-1)!
    .match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
  if (!children) return undefined;
  return Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4]);
}

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
const pts = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} points`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const work = mkdtempSync(path.join(tmpdir(), 'chartcoder-ocr-bench-'));
  try {
    for (const line of await ocrBench(work)) process.stdout.write(`${line}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
