/**
 * Plain-text lines for the `codes` commands (the CLI writes them): the import summary with every
 * source's stale-code counts, the store listing, and one code's details. Returns lines, prints nothing.
 */
import type { BundleManifest, SourceReport } from './bundle.js';
import type { CodeDetails } from './code-details.js';
import type { CodeSystem } from '../contract/code-sets.js';
import type { StoredBundle } from './store.js';
import type { NoteKind } from './tabular-xml.js';

const n = (x: number): string => x.toLocaleString('en-US');
const period = (e: { from: string; to: string }): string => `${e.from}..${e.to}`;
const sample = (codes: string[] | undefined, total: number): string =>
  codes?.length ? ` (${codes.slice(0, 5).join(', ')}${total > 5 ? ', …' : ''})` : '';

const LABELS: Record<NoteKind, string> = {
  inclusionTerm: 'Inclusion terms',
  includes: 'Includes',
  excludes1: 'Excludes1',
  excludes2: 'Excludes2',
  codeFirst: 'Code first',
  useAdditionalCode: 'Use additional code',
  codeAlso: 'Code also',
  notes: 'Notes',
  sevenChrNote: '7th character',
};

const SKIPPED: Record<string, string> = {
  modifiers: 'modifier records',
  levelOneCodes: 'Level I (CPT) codes',
  terminatedBeforePeriod: 'codes terminated before the period',
  duplicates: 'repeated codes',
  notACode: 'table cells holding no code',
};

function sourceLine(s: SourceReport): string {
  const parts = [`${n(s.codes)} codes`];
  if (s.stale) parts.push(`${n(s.stale)} no longer exist, skipped${sample(s.staleSample, s.stale)}`);
  if (s.incomplete)
    parts.push(`${n(s.incomplete)} now need more characters, search only${sample(s.incompleteSample, s.incomplete)}`);
  for (const [k, v] of Object.entries(s.skipped ?? {})) if (v) parts.push(`${n(v)} ${SKIPPED[k] ?? k} left out`);
  return `  ${s.role.padEnd(8)} ${s.file}${s.version ? ` (version ${s.version})` : ''}: ${parts.join('; ')}`;
}

export function importLines(m: BundleManifest, ms: number, dir: string): string[] {
  const c = m.counts;
  return [
    `imported ${m.system} ${m.version} (${period(m.effective)}): ${n(c.entries)} entries, ${n(c.billable)} billable, ${n(c.headers)} headers in ${(ms / 1000).toFixed(1)}s`,
    ...m.sources.map(sourceLine),
    ...(m.system === 'icd10cm'
      ? [
          `  lexicon terms ${n(c.terms)}; search-only terms ${n(c.searchTerms)}; tabular notes on ${n(c.notes)} codes and groups`,
        ]
      : []),
    `written to ${dir}`,
  ];
}

export function listLines(
  store: string,
  bundles: StoredBundle[],
  inForce: Set<string | undefined>,
  starters: CodeSystem[],
): string[] {
  const rows = bundles.map(({ dir, manifest: m }) =>
    [
      inForce.has(dir) ? '*' : ' ',
      m.system.padEnd(9),
      m.version.padEnd(10),
      period(m.effective).padEnd(23),
      n(m.counts.entries).padStart(8),
      n(m.counts.billable).padStart(9),
      ` ${m.importedAt.slice(0, 16).replace('T', ' ')}  ${m.sources.map((s) => s.role + (s.version ? ` ${s.version}` : '')).join(', ')}`,
    ].join(' '),
  );
  return [
    `store ${store}`,
    rows.length
      ? `  system    version    effective               entries  billable  imported          sources`
      : '  nothing imported: the embedded starter set is used for every system',
    ...rows,
    ...(rows.length ? ['  * the newest release of its system: used when no date of service or version is given'] : []),
    `embedded starter set: ${starters.map((s) => `${s.id} ${s.version} (${n(s.size)})`).join(', ')}`,
  ];
}

export function showLines(system: CodeSystem, d: CodeDetails): string[] {
  const e = d.entry;
  const out = [
    `${e.code}  ${e.title}`,
    `  system     ${system.id} ${system.version} (${period(system.effective)})${d.imported ? '' : ', embedded starter set'}`,
  ];
  out.push(`  billable   ${e.billable ? 'yes' : 'no (header: not valid on a claim; use a code below it)'}`);
  if (e.added || e.terminates)
    out.push(
      `  dates      ${[e.added ? `added ${e.added}` : '', e.terminates ? `terminates ${e.terminates}` : ''].filter(Boolean).join(', ')}`,
    );
  if (d.placeholderNode) out.push('  placeholder node: X fills a position so the code can reach its 6th/7th character');
  if (d.imported) {
    out.push(`  parent     ${d.parent ? `${d.parent.code}  ${d.parent.title}` : 'none (top level)'}`);
    out.push(`  children   ${d.children.length === 0 ? 'none' : ''}`);
    for (const c of d.children.slice(0, 25))
      out.push(`    ${c.code.padEnd(9)}${c.billable ? '' : '(header) '}${c.title}`);
    if (d.children.length > 25) out.push(`    … ${d.children.length - 25} more`);
  }
  if (d.seventh) {
    const need = d.seventh.needed ? 'required' : 'given';
    out.push(
      `  7th character ${need} (defined at ${d.seventh.from})${d.seventh.example ? `; X placeholder needed, e.g. ${d.seventh.example}` : ''}`,
    );
    for (const s of d.seventh.chars) out.push(`    ${s.char}  ${s.text}`);
  }
  for (const g of d.notes) {
    out.push(`  ${LABELS[g.kind]}${g.from === e.code ? '' : ` (from ${g.from})`}:`);
    for (const t of g.texts) out.push(`    - ${t}`);
  }
  if (d.imported && d.notes.length === 0 && system.id === 'icd10cm')
    out.push('  notes      none (or no Tabular List XML was imported)');
  const search = e.searchTerms ?? [];
  out.push(
    `  terms      ${n(e.terms.length)} for the lexicon${e.abbreviations.length ? `, abbreviations ${e.abbreviations.join(' ')}` : ''}${search.length ? `, ${n(search.length)} for search only` : ''}`,
  );
  for (const t of [...e.terms, ...search].slice(0, 12)) out.push(`    ${t}`);
  return out;
}
