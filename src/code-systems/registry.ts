/**
 * The code systems in force for a run, one per system id. `loadCodeSets(ids)` gives the embedded
 * starter set (unchanged behaviour: no store is read). `loadCodeSets(ids, { store, dateOfService })`
 * picks, per system, the imported release whose effective period holds the date (no date: the
 * newest), merged with the starter set's hand-written terms; a system with nothing imported falls
 * back to the starter set. `pickBundle` makes a date no imported release covers an error; a run uses
 * `pickForDate`, which codes such a chart with the nearest release and says so (a warning on the chart).
 */
import type { CodeSystemId } from '../contract/chart-record.js';
import { ChartcoderError } from '../contract/errors.js';
import type { CodeSetRegistry, CodeSystem } from '../contract/code-sets.js';
import { loadBundle } from './load-bundle.js';
import { withStarterTerms } from './merge-starter.js';
import { loadStarterCodeSystem } from './starter.js';
import { listBundles, resolveStore, type StoredBundle } from './store.js';

export interface LoadCodeSetsOptions {
  /** Code-set store folder (default: CHARTCODER_CODE_STORE, else ~/.chartcoder/code-sets). */
  store?: string;
  /** YYYY-MM-DD: choose the release in force on that date (default: the newest imported). */
  dateOfService?: string;
  /** Choose this imported version exactly (e.g. `fy2025`), whatever the date. */
  version?: string;
}

export function registryOf(systems: CodeSystem[]): CodeSetRegistry {
  const byId = new Map(systems.map((s) => [s.id, s]));
  return {
    systems: [...byId.keys()],
    has: (id) => byId.has(id),
    get(id) {
      const s = byId.get(id);
      if (!s) throw new ChartcoderError('CODESET_NOT_FOUND', `code system ${id} is not loaded`);
      return s;
    },
    versions: () => Object.fromEntries([...byId.values()].map((s) => [s.id, s.version])),
  };
}

export function loadCodeSets(ids: CodeSystemId[], options?: LoadCodeSetsOptions): CodeSetRegistry {
  if (!options) return registryOf(ids.map((id) => loadStarterCodeSystem(id)));
  const store = resolveStore(options.store);
  return registryOf(ids.map((id) => loadCodeSystem(id, store, options)));
}

/** One system: the chosen imported release merged with the starter terms, else the starter set. */
export function loadCodeSystem(
  id: CodeSystemId,
  store: string,
  options: Omit<LoadCodeSetsOptions, 'store'> = {},
): CodeSystem {
  return codeSystemFrom(id, pickBundle(id, listBundles(store, id), options));
}

/** A picked release merged with the starter terms; nothing picked: the starter set. */
export function codeSystemFrom(id: CodeSystemId, chosen: StoredBundle | undefined): CodeSystem {
  const starter = loadStarterCodeSystem(id);
  return chosen ? withStarterTerms(loadBundle(chosen.dir, chosen.manifest), starter) : starter;
}

export function pickBundle(
  id: CodeSystemId,
  bundles: StoredBundle[],
  options: { dateOfService?: string; version?: string },
): StoredBundle | undefined {
  if (options.version !== undefined) {
    const exact = bundles.find((b) => b.manifest.version === options.version);
    if (!exact) throw notFound(id, bundles, `version ${options.version}`);
    return exact;
  }
  if (bundles.length === 0) return undefined;
  const date = options.dateOfService;
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new ChartcoderError('USAGE', `expected a date of service as YYYY-MM-DD, found "${date}"`);
  const fits =
    date === undefined
      ? bundles
      : bundles.filter((b) => b.manifest.effective.from <= date && date <= b.manifest.effective.to);
  if (fits.length === 0) throw notFound(id, bundles, `a release in force on ${date}`);
  return fits.reduce((best, b) =>
    b.manifest.effective.from > best.manifest.effective.from ||
    (b.manifest.effective.from === best.manifest.effective.from && b.manifest.importedAt > best.manifest.importedAt)
      ? b
      : best,
  );
}

export interface PickedRelease {
  bundle: StoredBundle | undefined;
  /** Set when the date of service lies outside every imported release: why the nearest one was taken. */
  outside?: string;
}

/**
 * The release in force on a chart's date of service; a date outside every imported release (a chart older than the
 * oldest import, or newer than the newest) is coded with the nearest release rather than failed, and `outside` says
 * so, for a warning on that chart: one stale date in a manifest should not fail the chart, nor pass unnoticed.
 */
export function pickForDate(id: CodeSystemId, bundles: StoredBundle[], dateOfService?: string): PickedRelease {
  try {
    return { bundle: pickBundle(id, bundles, dateOfService !== undefined ? { dateOfService } : {}) };
  } catch (e) {
    if (!(e instanceof ChartcoderError) || e.code !== 'CODESET_VERSION_NOT_FOUND' || dateOfService === undefined)
      throw e;
    const before = bundles.filter((b) => b.manifest.effective.from <= dateOfService);
    // listBundles sorts by start of the effective period: the last one started before the date, else the first.
    const nearest = before.length > 0 ? before[before.length - 1]! : bundles[0]!;
    return {
      bundle: nearest,
      outside: `${notFound(id, bundles, `a release in force on ${dateOfService}`).message.replace(/^\w+: /, '')}; coded with the nearest, ${nearest.manifest.version}`,
    };
  }
}

function notFound(id: CodeSystemId, bundles: StoredBundle[], wanted: string): ChartcoderError {
  const have =
    bundles.map((b) => `${b.manifest.version} (${b.manifest.effective.from}..${b.manifest.effective.to})`).join(', ') ||
    'none';
  return new ChartcoderError('CODESET_VERSION_NOT_FOUND', `expected ${wanted} of ${id}; imported: ${have}`);
}
