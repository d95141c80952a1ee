/**
 * `npm run bench`: throughput and memory of the real pipeline on this machine. Prints figures; asserts
 * nothing (benchmarks are not tests). Ratios measured in the same run (ours vs pdftotext) travel
 * better between machines than absolute times.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCodeSets } from '../code-systems/registry.js';
import { listInputs } from '../ingest/list-inputs.js';
import { loadPipelineConfig } from '../pipeline/config.js';
import { newRecord, processChart, type ReadyStage } from '../pipeline/process-chart.js';
import { runBatch } from '../pipeline/run-batch.js';
import { packageRoot } from '../paths.js';
import type { ChartStage, StageContext } from '../pipeline/stage.js';
import { fixtureTexts, mtsamplesTexts, writeCorpus } from './corpus.js';
import { codeSetBench } from './code-set-bench.js';
import { pdfBench } from './pdf-bench.js';

const work = mkdtempSync(path.join(tmpdir(), 'chartcoder-bench-'));
const mb = (bytes: number) => bytes / 1024 / 1024;
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function nlpThroughput(texts: string[]): Promise<string> {
  const config = loadPipelineConfig('outpatient');
  const ctx: StageContext = { codeSets: loadCodeSets(config.codeSystems), pipeline: { name: config.name, encounterType: 'outpatient', configPath: config.file } };
  const names = ['sectionize', 'extract-mentions', 'classify-assertion'];
  const stages: ReadyStage[] = [];
  for (const s of config.stages) if (names.includes(s.stage.name)) stages.push({ name: s.stage.name, fn: await (s.stage as ChartStage).setup(s.options, ctx) });
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

async function batchThroughput(label: string, texts: string[], count: number, workers: number): Promise<{ line: string; rate: number }> {
  const dir = path.join(work, `${label}-${count}`);
  const bytes = writeCorpus(dir, texts, count);
  const config = loadPipelineConfig('outpatient');
  const t0 = performance.now();
  const r = await runBatch({ config, inputs: listInputs([dir]), outDir: path.join(work, 'out'), batchId: `${label}-${count}-w${workers}`, workers });
  const s = (performance.now() - t0) / 1000;
  const rate = count / s;
  return { rate, line: `run, ${label}, ${count} text charts, ${workers} worker(s): ${rate.toFixed(0)} charts/s, ${(mb(bytes) / s).toFixed(2)} MB/s, ${r.codes} codes, peak RSS ${rssMb()} MB` };
}

/** Peak RSS of the CLI (the manifest records it) for two batch sizes: it should stay flat. */
function rssFlatness(texts: string[], sizes: number[]): string {
  const parts = sizes.map((n) => {
    const dir = path.join(work, `flat-${n}`);
    writeCorpus(dir, texts, n);
    const out = path.join(work, 'flat-out');
    execFileSync(process.execPath, [path.join(packageRoot, 'bin', 'chartcoder.js'), 'run', dir, '--out', out, '--batch-id', `flat-${n}`, '--quiet']);
    const m = JSON.parse(readFileSync(path.join(out, `flat-${n}`, 'manifest.json'), 'utf8'));
    rmSync(dir, { recursive: true, force: true });
    return `${n} charts: ${m.peakRssMb} MB in ${(m.durationMs / 1000).toFixed(1)} s (${((n / m.durationMs) * 1000).toFixed(0)} charts/s)`;
  });
  return `CLI peak RSS by batch size (2 workers): ${parts.join('; ')}`;
}

async function main(): Promise<void> {
  const mts = mtsamplesTexts();
  const texts = mts ?? fixtureTexts();
  const label = mts ? 'mtsamples' : 'fixtures';
  const lines: string[] = [`chartcoder bench — node ${process.version}, corpus: ${label} (${texts.length} distinct texts)`];
  const say = (l: string) => {
    lines.push(l);
    process.stdout.write(`${l}\n`);
  };
  say(lines[0]!);
  say(await nlpThroughput(texts.slice(0, 2000)));
  const one = await batchThroughput(label, texts, 5000, 1);
  say(one.line);
  const two = await batchThroughput(label, texts, 5000, 2);
  say(two.line);
  say(`speedup of 2 workers over 1: ${(two.rate / one.rate).toFixed(2)}x`);
  say(rssFlatness(texts, [5000, 50000]));
  for (const l of await pdfBench(work, 2)) say(l);
  for (const l of codeSetBench(work)) say(l);
  say(`peak RSS of the bench process: ${rssMb()} MB`);
  writeFileSync(path.join(work, 'bench.txt'), `${lines.join('\n')}\n`);
  rmSync(work, { recursive: true, force: true });
}

await main();
