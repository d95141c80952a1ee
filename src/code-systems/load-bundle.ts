/**
 * Loads a compiled bundle from the store as a CodeSystem the pipeline can use, plus what
 * `codes show` and `codes search` need: parent, children, search-only terms and (read lazily) the
 * Tabular List notes. Loaded bundles are cached per folder and import time, so loading the same
 * version twice in one process costs nothing.
 */
import path from 'node:path';
import { canonicalCode } from './code-system.js';
import type { CodeEntry, CodeSystem, SpecificRule } from '../contract/code-sets.js';
import type { BundleEntry, BundleManifest, BundleNote } from './bundle.js';
import { readJson } from './store.js';

export interface StoredCodeEntry extends CodeEntry {
  parent?: string;
  searchTerms?: string[];
  added?: string;
  terminates?: string;
}

export interface ImportedCodeSystem extends CodeSystem {
  manifest: BundleManifest;
  dir: string;
  lookup(code: string): StoredCodeEntry | undefined;
  entries(): Iterable<StoredCodeEntry>;
  children(code: string): string[];
  /** Tabular notes, sections and chapters keyed by code or group id (read on first use). */
  notes(): Record<string, BundleNote>;
}

const NONE: string[] = [];
const NO_RULES: SpecificRule[] = [];
const cache = new Map<string, ImportedCodeSystem>();

export function loadBundle(
  dir: string,
  manifest: BundleManifest = readJson<BundleManifest>(path.join(dir, 'manifest.json')),
): ImportedCodeSystem {
  const key = `${dir}\u0000${manifest.importedAt}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const raw = readJson<(BundleEntry & Partial<StoredCodeEntry>)[]>(path.join(dir, 'entries.json'));
  const byCode = new Map<string, StoredCodeEntry>();
  for (const e of raw) {
    // Completed in place (no copy): the parsed objects become the entries.
    e.terms ??= NONE;
    e.abbreviations = NONE;
    e.specific = NO_RULES;
    byCode.set(e.code, e as StoredCodeEntry);
  }
  const system = importedSystem(manifest, dir, byCode);
  cache.set(key, system);
  return system;
}

/** Empties the cache (a worker thread dropping a set): whoever holds a system keeps it, the rest is freed. */
export function forgetBundles(): void {
  cache.clear();
}

/** An ImportedCodeSystem over a map of entries (also used to build the starter-merged view). */
export function importedSystem(
  manifest: BundleManifest,
  dir: string,
  byCode: Map<string, StoredCodeEntry>,
  version = manifest.version,
): ImportedCodeSystem {
  let kids: Map<string, string[]> | undefined;
  let notes: Record<string, BundleNote> | undefined;
  return {
    id: manifest.system,
    version,
    effective: manifest.effective,
    size: byCode.size,
    manifest,
    dir,
    lookup: (code) => byCode.get(canonicalCode(manifest.system, code)),
    entries: () => byCode.values(),
    children(code) {
      if (!kids) {
        kids = new Map();
        for (const e of byCode.values())
          if (e.parent) (kids.get(e.parent) ?? kids.set(e.parent, []).get(e.parent)!).push(e.code);
      }
      return kids.get(canonicalCode(manifest.system, code)) ?? [];
    },
    notes: () =>
      (notes ??= manifest.counts.notes > 0 ? readJson<Record<string, BundleNote>>(path.join(dir, 'notes.json')) : {}),
  };
}
