/** Billable codes of the official FY2026 order files in ../shared/data, when present (tests skip otherwise). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { packageRoot } from '../../src/paths.js';

export const sharedData = path.resolve(packageRoot, '..', 'shared', 'data');
export const cmOrderFile = path.join(sharedData, 'icd10cm', 'fy2026', 'icd10cm_order_2026.txt.gz');
export const pcsOrderFile = path.join(sharedData, 'icd10pcs', 'icd10pcs_order_2026.txt.gz');
export const haveOfficialFiles = existsSync(cmOrderFile) && existsSync(pcsOrderFile);

/** code (dotless) → { billable, title } from a fixed-width order file. */
export function readOrderFile(file: string): Map<string, { billable: boolean; title: string }> {
  const map = new Map<string, { billable: boolean; title: string }>();
  for (const line of gunzipSync(readFileSync(file)).toString('latin1').split(/\r?\n/)) {
    if (line.length < 16) continue;
    map.set(line.slice(6, 13).trim(), { billable: line[14] === '1', title: line.slice(77).trim() });
  }
  return map;
}
