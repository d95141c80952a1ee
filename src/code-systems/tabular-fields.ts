/**
 * The Tabular List instructions the pipeline acts on, per code, as code references: Excludes1,
 * Code first, Use additional code (each inherited from the code's parents, category, section and
 * chapter, as the conventions say, I.A.12–I.A.13), and the 7th characters a code needs.
 * Example: E11.22 → useAdditionalCode [N18.1-N18.6, Z79.4, …], excludes1 [E08, E09, E10, …].
 */
import type { TabularFields } from '../contract/code-sets.js';
import { canonicalCode } from './code-system.js';
import { codeRefsOf, refCovers } from './code-refs.js';
import type { TabularFile, TabularNode } from './tabular-xml.js';

/** "Code first underlying condition" and "… in diseases classified elsewhere" mark a manifestation code. */
const UNDERLYING = /^underlying\b/i;
const MANIFESTATION = /\bin diseases classified elsewhere\b/i;

export function tabularFieldsFor(tab: TabularFile, codes: Iterable<string>): Map<string, TabularFields> {
  const byId = new Map(tab.nodes.map((n) => [n.id, n]));
  const out = new Map<string, TabularFields>();
  for (const raw of codes) {
    const code = canonicalCode('icd10cm', raw);
    const fields = fieldsFromChain(code, chainOf(byId, code));
    if (fields) out.set(code, fields);
  }
  return out;
}

/** What the pipeline reads of one Tabular node (a parsed XML node, or a compiled bundle's note). */
export type ChainNode = Pick<TabularNode, 'kind' | 'title' | 'notes' | 'seventh'>;

/** The fields of `code` from its node and every node containing it, nearest first; undefined when there are none. */
export function fieldsFromChain(code: string, chain: ChainNode[]): TabularFields | undefined {
  const fields: TabularFields = {};
  const refs = (kind: 'excludes1' | 'codeFirst' | 'useAdditionalCode') => {
    const found = chain.flatMap((n) => (n.notes[kind] ?? []).flatMap(codeRefsOf));
    // A note never excludes or asks for the code itself (a category's note naming a sibling range).
    return [...new Set(found.filter((r) => !refCovers(r, code)))].sort();
  };
  const excludes1 = refs('excludes1');
  const codeFirst = refs('codeFirst');
  const useAdditionalCode = refs('useAdditionalCode');
  const required = chain.some(
    (n) =>
      n.kind === 'diag' && (MANIFESTATION.test(n.title) || (n.notes.codeFirst ?? []).some((t) => UNDERLYING.test(t))),
  );
  const seventh = chain
    .find((n) => n.seventh)
    ?.seventh?.map((s) => s.char)
    .join('');
  if (excludes1.length) fields.excludes1 = excludes1;
  if (codeFirst.length) fields.codeFirst = codeFirst;
  if (codeFirst.length && required) fields.codeFirstRequired = true;
  if (useAdditionalCode.length) fields.useAdditionalCode = useAdditionalCode;
  if (seventh) fields.seventh = seventh;
  return Object.keys(fields).length ? fields : undefined;
}

/**
 * The code's node (or, for a code newer than the tabular file, its nearest existing parent, found by
 * dropping characters and X placeholders), then every containing node up to the chapter.
 */
function chainOf(byId: Map<string, TabularNode>, code: string): TabularNode[] {
  let bare = code.replace('.', '');
  let node: TabularNode | undefined;
  while (bare.length >= 3 && !node) {
    node = byId.get(canonicalCode('icd10cm', bare));
    bare = bare.slice(0, -1).replace(/X+$/, '');
  }
  const chain: TabularNode[] = [];
  while (node && chain.length < 12) {
    chain.push(node);
    node = node.parent ? byId.get(node.parent) : undefined;
  }
  return chain;
}
