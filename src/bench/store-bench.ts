/**
 * The production path: MTSamples charts coded with the official FY2026 store (imported into the bench's
 * folder), a local run with 1 worker and with 2, back to back: charts/s, the speedup and each run's peak RSS
 * (of the whole process, threads included: what each thread's copy of the code tables and lexicon costs).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { writeCorpus } from './corpus.js';
import { hasOfficialFiles, importOfficial } from './code-set-bench.js';
import { load, timedRun } from './queue-bench.js';

export function storeBench(work: string, texts: string[], charts: number): string[] {
  if (!hasOfficialFiles()) return ['official store: ../shared/data not present, not measured'];
  const store = path.join(work, 'store-bench-store');
  importOfficial(store);
  const dir = path.join(work, `store-${charts}`);
  writeCorpus(dir, texts, charts);
  const runs = [1, 2].map((w) => ({
    w,
    t: timedRun(work, dir, `store-w${w}`, ['--workers', String(w), '--code-store', store]),
    load: load(),
  }));
  rmSync(dir, { recursive: true, force: true });
  rmSync(store, { recursive: true, force: true });
  const [one, two] = runs.map((r) => r.t);
  return [
    ...runs.map(
      (r) =>
        `official FY2026 store, ${charts} MTSamples charts, ${r.w} worker(s): ${(charts / r.t.s).toFixed(1)} charts/s, peak RSS ${r.t.rssMb} MB (${r.load})`,
    ),
    `official FY2026 store: 2 workers over 1: ${(one!.s / two!.s).toFixed(2)}x`,
  ];
}
