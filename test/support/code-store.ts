/**
 * Code stores filled through the CLI, as an operator fills one (`chartcoder codes import`), from the
 * official-format samples in fixtures/code-sets; and the two-release store the date-of-service tests share.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sample } from './code-samples.js';
import { cli } from './cli.js';

/** `chartcoder codes import` of one release into `store`; `files`: flag name → path (order, tabular, index). */
export function importWithCli(store: string, system: string, fy: number, files: Record<string, string>) {
  const flags = Object.entries(files).flatMap(([flag, file]) => [`--${flag}`, file]);
  return cli(['codes', 'import', '--store', store, '--system', system, '--fy', String(fy), ...flags]);
}

/** A note whose codes depend on the release: COVID-19 (U07.1, FY2026 on) and hypertension (both). */
export const COVID_NOTE = 'ASSESSMENT:\n1. COVID-19 infection.\n2. Essential hypertension.\n';

/**
 * `work`/store with ICD-10-CM FY2025 as a release without U07.1 and FY2026 with it (the sample order file):
 * the date of service decides whether COVID-19 can be coded. Returns the store and both imports' results.
 */
export async function covidReleaseStore(work: string) {
  const store = path.join(work, 'store');
  const fy2025Order = path.join(work, 'order-2025.txt');
  const withoutCovid = readFileSync(sample.cmOrder, 'utf8')
    .split('\n')
    .filter((l) => !/^\d{5} U071 /.test(l));
  writeFileSync(fy2025Order, withoutCovid.join('\n'));
  const imports = [
    await importWithCli(store, 'icd10cm', 2025, { order: fy2025Order }),
    await importWithCli(store, 'icd10cm', 2026, { order: sample.cmOrder }),
  ];
  return { store, imports };
}
