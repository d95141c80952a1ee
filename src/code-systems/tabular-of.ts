/**
 * The Tabular List fields of a code in whatever code system is in force: an imported release that
 * holds a Tabular List answers from its own notes (inherited up the hierarchy, computed on first
 * use per code and cached); otherwise the entry's compiled fields (the starter set's, merged into an
 * imported release that has none).
 * Example: tabularOf(fy2026, 'E11.22') → { excludes1: ['E08', …], useAdditionalCode: ['N18.1-N18.6', …] }.
 */
import type { CodeSystem } from '../contract/code-sets.js';
import type { BundleNote } from './bundle.js';
import type { ImportedCodeSystem, StoredCodeEntry } from './load-bundle.js';
import { fieldsFromChain, type ChainNode } from './tabular-fields.js';
import type { TabularFields } from '../contract/code-sets.js';

const cache = new WeakMap<ImportedCodeSystem, Map<string, TabularFields | undefined>>();

const hasTabular = (s: CodeSystem): s is ImportedCodeSystem =>
  'manifest' in s && (s as ImportedCodeSystem).manifest.counts.notes > 0;

export function tabularOf(system: CodeSystem, code: string): TabularFields | undefined {
  const entry = system.lookup(code);
  if (!entry) return undefined;
  if (!hasTabular(system)) return entry.tabular;
  const memo = cache.get(system) ?? cache.set(system, new Map()).get(system)!;
  if (!memo.has(entry.code)) memo.set(entry.code, fieldsFromChain(entry.code, chainOf(system, entry.code)));
  return memo.get(entry.code);
}

/** The code, its parents up to the category, then the category's section and chapter (as `codes show` reads them). */
function chainOf(system: ImportedCodeSystem, code: string): ChainNode[] {
  const notes = system.notes();
  const chain: ChainNode[] = [];
  let cur: string | undefined = code;
  while (cur && chain.length < 12) {
    const entry: StoredCodeEntry | undefined = system.lookup(cur);
    const note: BundleNote | undefined = notes[cur];
    const kind = entry ? 'diag' : cur.startsWith('chapter') ? 'chapter' : 'section';
    chain.push({
      kind,
      title: entry?.title ?? note?.title ?? '',
      notes: note?.notes ?? {},
      ...(note?.seventh ? { seventh: note.seventh } : {}),
    });
    cur = entry?.parent ?? note?.parent;
  }
  return chain;
}
