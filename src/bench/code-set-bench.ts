/**
 * The official releases in ../shared/data through the importers: import time per system, then the cold
 * load of both ICD-10 bundles in a fresh process (what a worker pays once per batch) with its heap.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { importRelease } from '../code-systems/import-release.js';
import { packageRoot } from '../contract/paths.js';

const data = path.resolve(packageRoot, '..', 'shared', 'data');
const files = {
  cmOrder: path.join(data, 'icd10cm', 'fy2026', 'icd10cm_order_2026.txt.gz'),
  tabular: path.join(data, 'icd10cm', 'legacy', 'icd10cm_tabular_2021.xml.gz'),
  index: path.join(data, 'icd10cm', 'legacy', 'icd10cm_index_2017.xml.gz'),
  pcsOrder: path.join(data, 'icd10pcs', 'icd10pcs_order_2026.txt.gz'),
};

/** Run in a child process: load both bundles cold and report time and heap after GC. */
const COLD_LOAD = `
const t0 = performance.now();
const { loadCodeSets } = await import(${JSON.stringify(path.join(packageRoot, 'dist', 'code-systems', 'registry.js'))});
const t1 = performance.now();
const sets = loadCodeSets(['icd10cm', 'icd10pcs'], { store: process.argv[1] });
const t2 = performance.now();
globalThis.gc();
const heap = process.memoryUsage().heapUsed;
console.log(JSON.stringify({ moduleMs: t1 - t0, loadMs: t2 - t1, heapMb: heap / 1048576, versions: sets.versions() }));
`;

export const hasOfficialFiles = (): boolean => Object.values(files).every(existsSync);

/** The official FY2026 ICD-10-CM and ICD-10-PCS releases imported into `store` (as README's commands do). */
export function importOfficial(store: string) {
  const cm = importRelease({
    system: 'icd10cm',
    year: 2026,
    store,
    files: { order: files.cmOrder, tabular: files.tabular, index: files.index },
  });
  const pcs = importRelease({ system: 'icd10pcs', year: 2026, store, files: { order: files.pcsOrder } });
  return { cm, pcs };
}

export function codeSetBench(work: string): string[] {
  if (!hasOfficialFiles()) return ['code sets: ../shared/data not present, import and load not measured'];
  const store = path.join(work, 'code-store');
  const { cm, pcs } = importOfficial(store);
  const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', COLD_LOAD, store], {
    encoding: 'utf8',
  });
  const cold = JSON.parse(out) as { moduleMs: number; loadMs: number; heapMb: number };
  const c = cm.manifest.counts;
  return [
    `codes import icd10cm FY2026 (order + FY2021 tabular + FY2017 index): ${(cm.ms / 1000).toFixed(1)} s, ${c.entries.toLocaleString('en-US')} entries, ${c.billable.toLocaleString('en-US')} billable`,
    `codes import icd10pcs FY2026: ${(pcs.ms / 1000).toFixed(1)} s, ${pcs.manifest.counts.entries.toLocaleString('en-US')} entries`,
    `cold load of both bundles in a fresh process: ${(cold.loadMs / 1000).toFixed(2)} s (+${(cold.moduleMs / 1000).toFixed(2)} s module load), heap after GC ${cold.heapMb.toFixed(0)} MB`,
  ];
}
