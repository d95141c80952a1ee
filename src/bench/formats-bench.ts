/**
 * What the structured formats cost a worker (`npm run bench -- formats`): charts coded once through the chart
 * stages in this thread, then encoded by each output format again and again (the median of several rounds, the
 * formats alternated so a drift of the machine hits all alike): microseconds per chart for the stages and for each
 * format's `encode`, and the bytes each writes. Then the whole-run figure: CPU per chart (manifest `cpuMs`) of
 * back-to-back CLI runs with `--format csv` and `--format csv,jsonl,fhir`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ChartRecord } from '../contract/chart-record.js';
import { packageRoot } from '../contract/paths.js';
import { newRecord, processChart } from '../pipeline/process-chart.js';
import { formatsOf } from '../write-review-batch/formats.js';
import type { OutputFormat } from '../write-review-batch/output-format.js';
import { outpatientStages } from './bench-stages.js';
import { writeCorpus } from './corpus.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Bytes of what a format made for one chart (each encoded form carries its size). */
function bytesOf(encoded: unknown): number {
  const e = encoded as { bytes?: number; codeBytes?: number; chartBytes?: number };
  return e.bytes ?? (e.codeBytes ?? 0) + (e.chartBytes ?? 0);
}

export async function formatsBench(work: string, texts: string[], runCharts: number): Promise<string[]> {
  const stages = await outpatientStages((name) => name !== 'ingest');
  const code = async (text: string, i: number) => {
    const r = newRecord({ id: `c${i}`, path: `/charts/c${i}.txt` }, 'outpatient');
    r.text = text;
    r.pages = [{ start: 0, end: text.length }];
    r.source = { path: `/charts/c${i}.txt`, kind: 'text', sha256: 'x'.repeat(64), bytes: text.length };
    return processChart(r, stages);
  };
  for (const [i, text] of texts.entries()) await code(text, i); // the JIT sees the corpus once
  const records: ChartRecord[] = [];
  const t0 = performance.now();
  for (const [i, text] of texts.entries()) records.push(await code(text, i));
  const stagesUs = ((performance.now() - t0) * 1000) / records.length;
  const formats = formatsOf(['csv', 'jsonl', 'fhir']);
  const times = new Map<OutputFormat, number[]>(formats.map((f) => [f, []]));
  const bytes = new Map<OutputFormat, number>();
  for (let round = 0; round < 6; round++) {
    for (const f of formats) {
      let n = 0;
      const t = performance.now();
      for (const r of records) n += bytesOf(f.encode(r, 'bench'));
      if (round > 0) times.get(f)!.push(((performance.now() - t) * 1000) / records.length); // round 0 warms up
      bytes.set(f, n / records.length);
    }
  }
  const each = formats.map(
    (f) => `${f.name} ${median(times.get(f)!).toFixed(0)} µs (${(bytes.get(f)! / 1024).toFixed(1)} KB)`,
  );
  const extra = median(times.get(formats[1]!)!) + median(times.get(formats[2]!)!);
  return [
    `formats, encode per chart (${records.length} coded charts, one thread): stages ${stagesUs.toFixed(0)} µs; ${each.join(', ')}; ` +
      `jsonl + fhir add ${((100 * extra) / (stagesUs + median(times.get(formats[0]!)!))).toFixed(0)}% to stages + csv`,
    ...runPairs(work, texts, runCharts),
  ];
}

/** CPU per chart of a whole CLI run (2 workers), CSV alone then all three formats, back to back, twice. */
function runPairs(work: string, texts: string[], charts: number): string[] {
  const dir = path.join(work, 'formats-corpus');
  mkdirSync(dir, { recursive: true });
  writeCorpus(dir, texts, charts);
  const cpu = (format: string, k: number) => {
    const out = path.join(work, 'formats-out');
    const id = `f-${format.replaceAll(',', '-')}-${k}`;
    const bin = path.join(packageRoot, 'bin', 'chartcoder.js');
    execFileSync(process.execPath, [
      bin,
      'run',
      dir,
      '--out',
      out,
      '--batch-id',
      id,
      '-q',
      '-w',
      '2',
      '--format',
      format,
    ]);
    const m = JSON.parse(readFileSync(path.join(out, id, 'manifest.json'), 'utf8'));
    rmSync(path.join(out, id), { recursive: true, force: true });
    return m.cpuMs / charts;
  };
  const lines: string[] = [];
  for (let k = 0; k < 2; k++) {
    const a = cpu('csv', k);
    const b = cpu('csv,jsonl,fhir', k);
    lines.push(
      `formats, whole run (CLI, ${charts} charts, 2 workers): CPU per chart csv ${a.toFixed(2)} ms → csv,jsonl,fhir ${b.toFixed(2)} ms (×${(b / a).toFixed(2)})`,
    );
  }
  return lines;
}
