/**
 * The local code-set store: a folder (`--store`, else CHARTCODER_CODE_STORE, else
 * ~/.chartcoder/code-sets) holding one compiled bundle per system and version,
 * `<store>/<system>/<version>/`. A bundle is written into a hidden temporary folder beside its
 * final place and renamed when complete, so a reader never sees half an import; folders whose
 * name starts with a dot are ignored when listing.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CodeSystemId } from '../contract/chart-record.js';
import { ChartcoderError } from '../contract/errors.js';
import { readJson as readJsonUnchecked, type JsonFileKind } from '../contract/json-file.js';
import { BUNDLE_FORMAT, type BundleManifest } from './bundle.js';

export const STORE_ENV = 'CHARTCODER_CODE_STORE';

export function resolveStore(store?: string): string {
  return path.resolve(store ?? process.env[STORE_ENV] ?? path.join(os.homedir(), '.chartcoder', 'code-sets'));
}

/**
 * The default store (`~/.chartcoder/code-sets`, or CHARTCODER_CODE_STORE) when it holds imported releases, else
 * nothing: what `codes import` filled without `--store` is what a run codes with, and a fresh machine (nothing
 * imported) keeps the embedded starter set.
 */
export function filledDefaultStore(): string | undefined {
  const store = resolveStore();
  return listBundles(store).length > 0 ? store : undefined;
}

/** The releases a store holds for each system (`{icd10cm: ['fy2025', 'fy2026']}`); no store: the starter set. */
export function storeReleases(store: string | undefined, systems: readonly CodeSystemId[]): Record<string, string[]> {
  return Object.fromEntries(
    systems.map((id) => {
      const versions = store === undefined ? [] : listBundles(path.resolve(store), id).map((b) => b.manifest.version);
      return [id, versions.length > 0 ? versions : ['starter']];
    }),
  );
}

/**
 * A store a run is pointed at must be there and every release in it must hold codes: a mistyped path or a
 * release that codes nothing would otherwise give a batch of `ok` charts without a diagnosis.
 */
export function checkStoreForRun(store: string): void {
  let isDir = false;
  try {
    isDir = statSync(store).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir)
    throw new ChartcoderError(
      'CODESET_NOT_FOUND',
      'expected a code-set store folder (see "chartcoder codes import"), found nothing there',
      store,
    );
  for (const b of listBundles(store)) {
    if (!(b.manifest.counts?.billable > 0)) {
      throw new ChartcoderError(
        'CODESET_INVALID',
        `expected billable codes in ${b.manifest.system} ${b.manifest.version}, found none; re-import it or remove it`,
        b.dir,
      );
    }
  }
}

export interface StoredBundle {
  dir: string;
  manifest: BundleManifest;
}

const bundleFileKind: JsonFileKind = {
  what: 'a code-set bundle file (re-import this version)',
  missing: 'CODESET_INVALID',
  unreadable: 'CODESET_INVALID',
  invalid: 'CODESET_INVALID',
};

/**
 * A file of a bundle `chartcoder codes import` wrote, through the one JSON reader but without a schema: the
 * bundle's format is checked instead (listBundles), and checking tens of thousands of entries field by field
 * would add to every run's code-set load for files only the importer writes.
 */
export function readJson<T>(file: string): T {
  return readJsonUnchecked(file, bundleFileKind) as T;
}

/** Every bundle in the store (optionally of one system), oldest effective period first. */
export function listBundles(store: string, system?: CodeSystemId): StoredBundle[] {
  const out: StoredBundle[] = [];
  const systems = system ? [system] : subdirs(store);
  for (const s of systems) {
    for (const v of subdirs(path.join(store, s))) {
      const dir = path.join(store, s, v);
      if (!existsSync(path.join(dir, 'manifest.json'))) continue;
      const manifest = readJson<BundleManifest>(path.join(dir, 'manifest.json'));
      if (manifest.format !== BUNDLE_FORMAT) {
        throw new ChartcoderError(
          'CODESET_INVALID',
          `expected bundle format ${BUNDLE_FORMAT}, found ${String(manifest.format)}; re-import this version`,
          dir,
        );
      }
      out.push({ dir, manifest });
    }
  }
  return out.sort(
    (a, b) =>
      a.manifest.system.localeCompare(b.manifest.system) ||
      a.manifest.effective.from.localeCompare(b.manifest.effective.from) ||
      a.manifest.version.localeCompare(b.manifest.version),
  );
}

function subdirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
}

/**
 * Writes a bundle atomically: files into `<store>/<system>/.<version>.partial-<pid>`, then one rename.
 * An existing version is an error unless `replace`, in which case the old folder is moved aside
 * first and removed only after the new one is in place.
 */
export function writeBundle(
  store: string,
  manifest: BundleManifest,
  files: Record<string, unknown>,
  replace = false,
): string {
  const systemDir = path.join(store, manifest.system);
  const finalDir = path.join(systemDir, manifest.version);
  if (existsSync(finalDir) && !replace) {
    throw new ChartcoderError(
      'CODESET_STORE_ERROR',
      `${manifest.system} ${manifest.version} is already imported; pass --replace to import it again`,
      finalDir,
    );
  }
  const tmp = path.join(systemDir, `.${manifest.version}.partial-${process.pid}`);
  const old = path.join(systemDir, `.${manifest.version}.old-${process.pid}`);
  try {
    mkdirSync(systemDir, { recursive: true });
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    for (const [name, data] of Object.entries(files)) writeFileSync(path.join(tmp, name), JSON.stringify(data));
    writeFileSync(path.join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const hadOld = existsSync(finalDir);
    if (hadOld) renameSync(finalDir, old);
    renameSync(tmp, finalDir);
    if (hadOld) rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(finalDir) && existsSync(old)) renameSync(old, finalDir);
    if (e instanceof ChartcoderError) throw e;
    throw new ChartcoderError(
      'CODESET_STORE_ERROR',
      `cannot write the bundle (${(e as NodeJS.ErrnoException).code ?? (e as Error).name}); nothing was imported`,
      finalDir,
    );
  }
  return finalDir;
}
