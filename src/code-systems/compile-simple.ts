/**
 * Compiles the releases that carry only codes and titles: ICD-10-PCS (order file; parent = longest
 * prefix that is a code, e.g. 0DTJ4ZZ → 0DT), HCPCS Level II (annual file; modifiers and Level I
 * rows left out, codes terminated before the period starts left out) and a licensed CPT file.
 * These bundles add no lexicon terms of their own: official procedure titles ("Resection of
 * Appendix, Percutaneous Endoscopic Approach") do not read like notes; the starter set's
 * hand-written terms are merged in when the bundle is loaded.
 */
import { parentMap, type BundleEntry, type CompiledBundle, type SourceReport } from './bundle.js';
import type { CptRow } from './cpt-file.js';
import type { HcpcsFile } from './hcpcs-file.js';
import type { OrderFileEntry } from './order-file.js';

interface Source {
  file: string;
  sha256: string;
}

function report(
  role: SourceReport['role'],
  src: Source,
  codes: number,
  skipped?: Record<string, number>,
): SourceReport {
  return {
    role,
    file: src.file,
    sha256: src.sha256,
    codes,
    stale: 0,
    staleSample: [],
    ...(skipped ? { skipped } : {}),
  };
}

export function compileIcd10pcs(src: Source & { entries: OrderFileEntry[] }): CompiledBundle {
  const parents = parentMap(src.entries.map((e) => e.code));
  const entries: BundleEntry[] = src.entries.map((o) => {
    const parent = parents.get(o.code);
    return { code: o.code, title: o.title, billable: o.billable, ...(parent ? { parent } : {}) };
  });
  return { entries, notes: {}, sources: [report('order', src, entries.length)] };
}

export function compileHcpcs(src: Source & { hcpcs: HcpcsFile }, effectiveFrom: string): CompiledBundle {
  const skipped = { modifiers: src.hcpcs.modifiers.length, levelOneCodes: 0, terminatedBeforePeriod: 0, duplicates: 0 };
  const byCode = new Map<string, BundleEntry>();
  for (const r of src.hcpcs.procedures) {
    if (/^\d/.test(r.code)) skipped.levelOneCodes++;
    else if (r.terminated && r.terminated < effectiveFrom) skipped.terminatedBeforePeriod++;
    else if (byCode.has(r.code)) skipped.duplicates++;
    else {
      byCode.set(r.code, {
        code: r.code,
        title: r.longDescription || r.shortDescription,
        billable: true,
        ...(r.added ? { added: r.added } : {}),
        ...(r.terminated ? { terminates: r.terminated } : {}),
      });
    }
  }
  const entries = [...byCode.values()];
  return { entries, notes: {}, sources: [report('hcpcs', src, entries.length, skipped)] };
}

export function compileCpt(src: Source & { rows: CptRow[] }): CompiledBundle {
  const entries: BundleEntry[] = src.rows.map((r) => ({ code: r.code, title: r.descriptor, billable: true }));
  return { entries, notes: {}, sources: [report('cpt', src, entries.length)] };
}
