/**
 * Merges the embedded starter set's hand-written knowledge into an imported release: for every code
 * both have, the entry keeps the release's title and billable flag and gets the starter's terms
 * first, then the imported terms, plus the starter's abbreviations, attribute rules (`specific`, kept
 * only where the target code exists in this release), `missing` and its compiled Tabular List fields. Starter codes the release does
 * not have are not added: the release decides which codes exist. The cached bundle is not changed.
 */
import type { CodeSystem } from '../contract/code-sets.js';
import { importedSystem, type ImportedCodeSystem, type StoredCodeEntry } from './load-bundle.js';

export function withStarterTerms(imported: ImportedCodeSystem, starter: CodeSystem): ImportedCodeSystem {
  const byCode = new Map<string, StoredCodeEntry>();
  for (const e of imported.entries()) byCode.set(e.code, e);
  let merged = 0;
  for (const s of starter.entries()) {
    const e = byCode.get(s.code);
    if (!e) continue;
    merged++;
    byCode.set(s.code, {
      ...e,
      terms: [...new Set([...s.terms, ...e.terms])],
      abbreviations: s.abbreviations,
      specific: s.specific.filter((r) => byCode.has(r.code)),
      ...(s.missing ? { missing: s.missing } : {}),
      ...(s.tabular && !e.tabular ? { tabular: s.tabular } : {}),
    });
  }
  const version = merged > 0 ? `${imported.version}+${starter.version}` : imported.version;
  return importedSystem(imported.manifest, imported.dir, byCode, version);
}
