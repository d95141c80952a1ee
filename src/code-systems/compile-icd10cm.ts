/**
 * Compiles an ICD-10-CM release into a bundle. The order file of the release being imported is the
 * authority: it gives every code, title and billable flag, and the hierarchy (a code's parent is its
 * longest prefix that is a code). The Tabular List and Index XML — possibly from an older year —
 * add notes, inclusion terms and index paths, but only for codes the order file has: any other
 * code they name is counted as stale and never emitted.
 * Lexicon terms (billable codes only): the lower-cased title, tabular inclusion terms, Index to
 * Diseases paths and resolved `see` references. Header codes, the External Cause Index and the Drug
 * and Neoplasm tables feed search only (a drug name in a medication list is not a poisoning).
 */
import { canonicalCode } from './code-system.js';
import { parentMap, type BundleEntry, type BundleNote, type CompiledBundle, type SourceReport } from './bundle.js';
import type { OrderFileEntry } from './order-file.js';
import type { TabularNode } from './tabular-xml.js';
import type { IndexFile } from './index-xml.js';
import { indexCode, indexPhrases, tablePhrase } from './index-phrases.js';
import { resolveSeeReferences } from './index-see.js';

export interface IndexSource {
  role: 'index' | 'eindex' | 'drug' | 'neoplasm';
  file: string;
  sha256: string;
  index: IndexFile;
}

export interface Icd10cmSources {
  order: { file: string; sha256: string; entries: OrderFileEntry[] };
  tabular?: { file: string; sha256: string; version: string; nodes: TabularNode[] };
  indexes?: IndexSource[];
}

const cm = (code: string): string => canonicalCode('icd10cm', code);

const CODE = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

/**
 * Distinct codes a source names, checked against the release: stale (absent), incomplete (given as a
 * complete code but now a header that needs more than a 7th character, e.g. Q87.1 → Q87.1x), or
 * not a code at all (a stray table cell).
 */
class CodeCheck {
  private seen = new Set<string>();
  private staleCodes = new Set<string>();
  private incompleteCodes = new Set<string>();
  private notCodes = 0;
  constructor(
    private readonly byCode: Map<string, BundleEntry>,
    private readonly seventhBases: Set<string>,
  ) {}
  /** The entry for `code`, or undefined (and counted) when the release has no such code. */
  check(raw: string, complete = !raw.trim().endsWith('-')): BundleEntry | undefined {
    const code = cm(indexCode(raw));
    if (!code) return undefined;
    if (!CODE.test(code)) {
      this.notCodes++;
      return undefined;
    }
    this.seen.add(code);
    const e = this.byCode.get(code);
    if (!e) this.staleCodes.add(code);
    else if (!e.billable && complete && !this.seventhBases.has(code.replace('.', '').padEnd(6, 'X')))
      this.incompleteCodes.add(code);
    return e;
  }
  report(role: SourceReport['role'], file: string, sha256: string, version?: string): SourceReport {
    const stale = [...this.staleCodes].sort();
    const incomplete = [...this.incompleteCodes].sort();
    return {
      role,
      file,
      sha256,
      ...(version ? { version } : {}),
      codes: this.seen.size,
      stale: stale.length,
      staleSample: stale.slice(0, 20),
      incomplete: incomplete.length,
      incompleteSample: incomplete.slice(0, 20),
      ...(this.notCodes ? { skipped: { notACode: this.notCodes } } : {}),
    };
  }
}

function addTerm(e: BundleEntry, phrase: string, lexicon: boolean): void {
  const p = phrase
    .replace(/\b(NOS|NEC)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  if (!p) return;
  const list = lexicon && e.billable ? (e.terms ??= []) : (e.searchTerms ??= []);
  if (!list.includes(p) && !(e.terms?.includes(p) ?? false)) list.push(p);
}

export function compileIcd10cm(src: Icd10cmSources): CompiledBundle {
  const parents = parentMap(src.order.entries.map((o) => o.code));
  const entries: BundleEntry[] = src.order.entries.map((o) => {
    const parent = parents.get(o.code);
    return {
      code: cm(o.code),
      title: o.title,
      billable: o.billable,
      ...(parent ? { parent: cm(parent) } : {}),
      ...(o.billable ? { terms: [o.title.toLowerCase()] } : {}),
    };
  });
  const byCode = new Map(entries.map((e) => [e.code, e]));
  const seventhBases = new Set(
    src.order.entries.filter((o) => o.billable && o.code.length === 7).map((o) => o.code.slice(0, 6)),
  );
  const newCheck = () => new CodeCheck(byCode, seventhBases);
  const sources: SourceReport[] = [
    { role: 'order', file: src.order.file, sha256: src.order.sha256, codes: entries.length, stale: 0, staleSample: [] },
  ];
  const notes: Record<string, BundleNote> = {};
  if (src.tabular) {
    sources.push(
      addTabular(src.tabular.nodes, byCode, notes, newCheck()).report(
        'tabular',
        src.tabular.file,
        src.tabular.sha256,
        src.tabular.version,
      ),
    );
  }
  for (const ix of src.indexes ?? [])
    sources.push(addIndex(ix, byCode, newCheck()).report(ix.role, ix.file, ix.sha256, ix.index.version));
  return { entries, notes, sources };
}

function addTabular(
  nodes: TabularNode[],
  byCode: Map<string, BundleEntry>,
  notes: Record<string, BundleNote>,
  check: CodeCheck,
): CodeCheck {
  const kinds = new Map(nodes.map((n) => [n.id, n.kind]));
  const hasChildren = new Set(nodes.map((n) => n.parent));
  for (const n of nodes) {
    if (n.kind !== 'diag') {
      notes[n.id] = {
        title: n.title,
        ...(n.parent ? { parent: n.parent } : {}),
        ...(Object.keys(n.notes).length ? { notes: n.notes } : {}),
      };
      continue;
    }
    const e = check.check(n.id, !hasChildren.has(n.id));
    if (!e) continue;
    for (const t of n.notes.inclusionTerm ?? []) addTerm(e, t, true);
    const parentIsGroup = n.parent !== undefined && kinds.get(n.parent) !== 'diag';
    if (Object.keys(n.notes).length || n.seventh || n.placeholder || parentIsGroup) {
      notes[e.code] = {
        ...(parentIsGroup ? { parent: n.parent } : {}),
        ...(n.placeholder ? { placeholder: true as const } : {}),
        ...(Object.keys(n.notes).length ? { notes: n.notes } : {}),
        ...(n.seventh ? { seventh: n.seventh } : {}),
      };
    }
  }
  return check;
}

function addIndex(src: IndexSource, byCode: Map<string, BundleEntry>, check: CodeCheck): CodeCheck {
  const lexicon = src.role === 'index';
  for (const t of src.index.terms) {
    if (t.code) {
      const e = check.check(t.code);
      if (e) for (const p of indexPhrases(t.path)) addTerm(e, p, lexicon);
    }
    if (t.manif) check.check(t.manif);
    for (const [heading, code] of Object.entries(t.cells ?? {})) {
      const e = check.check(code);
      if (e) addTerm(e, tablePhrase(t.path, heading), false);
    }
  }
  if (lexicon) {
    for (const { from, to } of resolveSeeReferences(src.index.terms)) {
      const e = byCode.get(cm(indexCode(to.code!)));
      if (e) for (const p of indexPhrases(from.path)) addTerm(e, p, true);
    }
  }
  return check;
}
