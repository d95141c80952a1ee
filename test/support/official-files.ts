/** The official FY2026 order files in ../shared/data, when present (tests that need them skip otherwise). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readOrderFile as readEntries } from '../../src/code-systems/order-file.js';
import { packageRoot } from '../../src/contract/paths.js';

export const sharedData = path.resolve(packageRoot, '..', 'shared', 'data');
export const cmOrderFile = path.join(sharedData, 'icd10cm', 'fy2026', 'icd10cm_order_2026.txt.gz');
export const pcsOrderFile = path.join(sharedData, 'icd10pcs', 'icd10pcs_order_2026.txt.gz');
export const haveOfficialFiles = existsSync(cmOrderFile) && existsSync(pcsOrderFile);

/** code (dotless) → { billable, title }. */
export function readOrderFile(file: string): Map<string, { billable: boolean; title: string }> {
  return new Map(readEntries(file).map((e) => [e.code, { billable: e.billable, title: e.title }]));
}
