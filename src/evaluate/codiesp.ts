/**
 * CodiEsp (CLEF eHealth 2020) as gold: English translations of the case reports, with the D
 * (ICD-10-CM) and P (ICD-10-PCS) code lists. The codes are the Spanish 2018 edition, lower case and
 * dotted, some PCS truncated to 4 characters: normalized here, and counted against FY2026.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CodeSystemId } from '../contract/chart-record.js';
import { canonicalCode } from '../code-systems/code-system.js';
import type { OrderFileEntry } from '../code-systems/order-file.js';
import { ChartcoderError } from '../contract/errors.js';
import type { GoldChart } from './gold.js';

export interface CodiespGold {
  charts: GoldChart[];
  /** Gold codes that are not billable codes of FY2026 (when the order files were given). */
  notInFy2026?: { icd10cm: number; icd10pcs: number; total: number };
}

/** `dir` is a split folder (e.g. ../shared/data/codiesp/dev) with text_files_en/ and *D.tsv, *P.tsv. */
export function loadCodiesp(
  dir: string,
  fy2026?: { icd10cm: OrderFileEntry[]; icd10pcs: OrderFileEntry[] },
): CodiespGold {
  const textDir = path.join(dir, 'text_files_en');
  if (!existsSync(textDir))
    throw new ChartcoderError('INPUT_NOT_FOUND', 'expected a CodiEsp split folder with text_files_en/', dir);
  const tsv = (suffix: string) => readdirSync(dir).find((f) => f.endsWith(`${suffix}.tsv`));
  const codes = new Map<string, { system: CodeSystemId; code: string }[]>();
  for (const [suffix, system] of [
    ['D', 'icd10cm'],
    ['P', 'icd10pcs'],
  ] as const) {
    const file = tsv(suffix);
    if (!file) throw new ChartcoderError('INPUT_NOT_FOUND', `expected a *${suffix}.tsv gold file`, dir);
    for (const line of readFileSync(path.join(dir, file), 'utf8').split(/\r?\n/)) {
      const [id, code] = line.split('\t');
      if (!id || !code) continue;
      const list = codes.get(id) ?? [];
      const c = canonicalCode(system, code);
      if (!list.some((x) => x.system === system && x.code === c)) list.push({ system, code: c });
      codes.set(id, list);
    }
  }
  const charts: GoldChart[] = readdirSync(textDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const chartId = f.replace(/\.txt$/, '');
      return {
        chartId,
        file: path.join(textDir, f),
        documentType: 'case_report',
        encounterType: 'inpatient',
        codes: (codes.get(chartId) ?? []).map((c) => ({ ...c, assertion: 'present', evidence: [] })),
      };
    });
  if (!fy2026) return { charts };
  const billable = (entries: OrderFileEntry[]) => new Set(entries.filter((e) => e.billable).map((e) => e.code));
  const cm = billable(fy2026.icd10cm);
  const pcs = billable(fy2026.icd10pcs);
  const all = charts.flatMap((c) => c.codes);
  const missingCm = all.filter((c) => c.system === 'icd10cm' && !cm.has(c.code.replace('.', ''))).length;
  // A truncated PCS code (fewer than 7 characters) exists when some FY2026 code starts with it.
  const pcsPrefixes = new Set([...pcs].flatMap((c) => [c, c.slice(0, 4), c.slice(0, 3)]));
  const missingPcs = all.filter((c) => c.system === 'icd10pcs' && !pcsPrefixes.has(c.code)).length;
  return { charts, notInFy2026: { icd10cm: missingCm, icd10pcs: missingPcs, total: missingCm + missingPcs } };
}
