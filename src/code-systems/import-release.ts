/**
 * `codes import` as a library call: read the official files of one release, compile them, and
 * write the bundle into the store atomically. Periods: ICD-10-CM/PCS fiscal year N runs
 * (N-1)-10-01 … N-09-30; HCPCS and CPT calendar year N runs N-01-01 … N-12-31. A mid-year update
 * (`from`, e.g. the April ICD-10 update or a HCPCS quarter) starts later and gets its own version
 * (`fy2026-04`), so both can sit side by side and the date of service picks between them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CodeSystemId } from '../contract/chart-record.js';
import { ChartcoderError } from '../contract/errors.js';
import { packageRoot } from '../contract/paths.js';
import { BUNDLE_FORMAT, countBundle, type BundleManifest, type CompiledBundle } from './bundle.js';
import { compileIcd10cm, type IndexSource } from './compile-icd10cm.js';
import { compileCpt, compileHcpcs, compileIcd10pcs } from './compile-simple.js';
import { readCptFile } from './cpt-file.js';
import { readHcpcsFile } from './hcpcs-file.js';
import { readIndexXml } from './index-xml.js';
import { readOrderFile } from './order-file.js';
import { checkReleaseShape } from './release-shape.js';
import { fileSha256 } from './source-file.js';
import { writeBundle } from './store.js';
import { readTabularXml } from './tabular-xml.js';

export interface ImportFiles {
  order?: string;
  tabular?: string;
  index?: string;
  eindex?: string;
  drug?: string;
  neoplasm?: string;
  /** HCPCS annual file or licensed CPT file. */
  file?: string;
}

export interface ImportRequest {
  system: CodeSystemId;
  year: number;
  /** Start of an update released mid-period (YYYY-MM-DD). */
  from?: string;
  files: ImportFiles;
  store: string;
  replace?: boolean;
  now?: Date;
}

export interface ImportResult {
  dir: string;
  manifest: BundleManifest;
  ms: number;
}

const NAMES: Record<CodeSystemId, string> = {
  icd10cm: 'ICD-10-CM',
  icd10pcs: 'ICD-10-PCS',
  hcpcs: 'HCPCS Level II',
  cpt: 'CPT',
};
const ALLOWED: Record<CodeSystemId, (keyof ImportFiles)[]> = {
  icd10cm: ['order', 'tabular', 'index', 'eindex', 'drug', 'neoplasm'],
  icd10pcs: ['order'],
  hcpcs: ['file'],
  cpt: ['file'],
};

export function releasePeriod(
  system: CodeSystemId,
  year: number,
  from?: string,
): { version: string; effective: { from: string; to: string } } {
  if (!Number.isInteger(year) || year < 2015 || year > 2100)
    throw new ChartcoderError('USAGE', `expected a four-digit year from 2015, found ${year}`);
  const fiscal = system === 'icd10cm' || system === 'icd10pcs';
  const start = fiscal ? `${year - 1}-10-01` : `${year}-01-01`;
  const end = fiscal ? `${year}-09-30` : `${year}-12-31`;
  const base = `${fiscal ? 'fy' : 'cy'}${year}`;
  if (from === undefined || from === start) return { version: base, effective: { from: start, to: end } };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || from < start || from > end)
    throw new ChartcoderError('USAGE', `expected --from as YYYY-MM-DD within ${start}..${end}, found "${from}"`);
  return { version: `${base}-${from.slice(5, 7)}`, effective: { from, to: end } };
}

export function importRelease(req: ImportRequest): ImportResult {
  const t0 = performance.now();
  const given = (Object.keys(req.files) as (keyof ImportFiles)[]).filter((k) => req.files[k] !== undefined);
  const wrong = given.filter((k) => !ALLOWED[req.system].includes(k));
  if (wrong.length)
    throw new ChartcoderError(
      'USAGE',
      `--${wrong[0]} does not apply to ${req.system}; it takes ${ALLOWED[req.system].map((k) => `--${k}`).join(', ')}`,
    );
  const main = req.system === 'icd10cm' || req.system === 'icd10pcs' ? 'order' : 'file';
  if (!req.files[main]) throw new ChartcoderError('USAGE', `expected --${main} for ${req.system}`);
  const period = releasePeriod(req.system, req.year, req.from);
  const bundle = compile(req.system, req.files, period.effective.from);
  checkReleaseShape(
    req.system,
    bundle.entries.map((e) => e.code),
    req.files[main]!,
  );
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    system: req.system,
    version: period.version,
    label: `${NAMES[req.system]} ${period.version.toUpperCase()}`,
    effective: period.effective,
    importedAt: (req.now ?? new Date()).toISOString(),
    tool: toolVersion(),
    counts: countBundle(bundle),
    sources: bundle.sources,
  };
  const dir = writeBundle(
    req.store,
    manifest,
    { 'entries.json': bundle.entries, 'notes.json': bundle.notes },
    req.replace,
  );
  return { dir, manifest, ms: performance.now() - t0 };
}

function compile(system: CodeSystemId, f: ImportFiles, effectiveFrom: string): CompiledBundle {
  const src = (file: string) => ({ file: path.basename(file), sha256: fileSha256(file) });
  if (system === 'icd10pcs') return compileIcd10pcs({ ...src(f.order!), entries: readOrderFile(f.order!) });
  if (system === 'hcpcs') return compileHcpcs({ ...src(f.file!), hcpcs: readHcpcsFile(f.file!) }, effectiveFrom);
  if (system === 'cpt') return compileCpt({ ...src(f.file!), rows: readCptFile(f.file!) });
  const indexes: IndexSource[] = (['index', 'eindex', 'drug', 'neoplasm'] as const)
    .filter((role) => f[role])
    .map((role) => ({ role, ...src(f[role]!), index: readIndexXml(f[role]!) }));
  const tabular = f.tabular ? { ...src(f.tabular), ...readTabularXml(f.tabular) } : undefined;
  return compileIcd10cm({ order: { ...src(f.order!), entries: readOrderFile(f.order!) }, tabular, indexes });
}

function toolVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}
