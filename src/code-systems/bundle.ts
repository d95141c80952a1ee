/**
 * The compiled code-set bundle: what `codes import` writes into the store and the registry loads.
 * A bundle is a folder `<store>/<system>/<version>/` holding `manifest.json` (small: listing reads
 * only this), `entries.json` (every code: title, billable, parent, lexicon terms, search-only terms)
 * and `notes.json` (Tabular List notes, sections and chapters; read only by `codes show`).
 */
import type { CodeSystemId } from '../contract/chart-record.js';
import type { SeventhCharacter, TabularNotes } from './tabular-xml.js';

export const BUNDLE_FORMAT = 1;

export interface BundleEntry {
  code: string;
  title: string;
  billable: boolean;
  parent?: string;
  /** Lower-case phrases for the lexicon (billable codes only). */
  terms?: string[];
  /** Phrases used by search and show only: index paths to header codes, drug/neoplasm/external-cause tables. */
  searchTerms?: string[];
  /** HCPCS: YYYY-MM-DD dates from the annual file. */
  added?: string;
  terminates?: string;
}

export interface BundleNote {
  title?: string;
  /** Containing tabular node: a category's section (`section E08-E13`), a section's chapter (`chapter 4`). */
  parent?: string;
  placeholder?: true;
  notes?: TabularNotes;
  seventh?: SeventhCharacter[];
}

/** What one source file gave, and the codes it named that the release being imported no longer has. */
export interface SourceReport {
  role: 'order' | 'tabular' | 'index' | 'eindex' | 'drug' | 'neoplasm' | 'hcpcs' | 'cpt';
  file: string;
  sha256: string;
  /** The `<version>` of an XML file, e.g. `2021`. */
  version?: string;
  /** Distinct codes the file names. */
  codes: number;
  /** Distinct codes not in the release's order file: counted, never emitted. */
  stale: number;
  staleSample: string[];
  /** Distinct codes given as complete that are headers needing more characters in this release (not counting 7th characters). */
  incomplete?: number;
  incompleteSample?: string[];
  /** Records left out on purpose (HCPCS modifiers, Level I codes, terminated codes, table cells that hold no code). */
  skipped?: Record<string, number>;
}

export interface BundleManifest {
  format: number;
  system: CodeSystemId;
  version: string;
  label: string;
  effective: { from: string; to: string };
  importedAt: string;
  tool: string;
  counts: { entries: number; billable: number; headers: number; terms: number; searchTerms: number; notes: number };
  sources: SourceReport[];
}

export interface CompiledBundle {
  entries: BundleEntry[];
  notes: Record<string, BundleNote>;
  sources: SourceReport[];
}

export function countBundle(b: CompiledBundle): BundleManifest['counts'] {
  let billable = 0;
  let terms = 0;
  let searchTerms = 0;
  for (const e of b.entries) {
    if (e.billable) billable++;
    terms += e.terms?.length ?? 0;
    searchTerms += e.searchTerms?.length ?? 0;
  }
  return {
    entries: b.entries.length,
    billable,
    headers: b.entries.length - billable,
    terms,
    searchTerms,
    notes: Object.keys(b.notes).length,
  };
}

/** Longest proper prefix of `code` (dotless) that is itself a code: E1140 → E114, T07XXXA → T07. */
export function parentMap(codes: Iterable<string>): Map<string, string> {
  const all = new Set(codes);
  const out = new Map<string, string>();
  for (const c of all) {
    for (let n = c.length - 1; n >= 3; n--) {
      const p = c.slice(0, n);
      if (all.has(p)) {
        out.set(c, p);
        break;
      }
    }
  }
  return out;
}
