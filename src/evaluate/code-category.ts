/** The category a code belongs to for "right category, wrong code": 3 characters of ICD-10-CM, 4 of ICD-10-PCS, the code itself otherwise. */
import type { CodeSystemId } from '../contract/chart-record.js';

export function categoryOf(system: CodeSystemId | string, code: string): string {
  if (system === 'icd10cm') return code.slice(0, 3);
  if (system === 'icd10pcs') return code.slice(0, 4);
  return code;
}
