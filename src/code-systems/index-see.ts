/**
 * Resolves `<see>` cross-references of the Alphabetic Index to the term they name, so a term that
 * only says "see Pain, abdominal" (Abdominalgia) leads to that term's code (R10.9). The reference
 * text is "Main term, subterm, subterm"; main terms may themselves contain commas, so the longest
 * main term that exists is tried first. References that name no coded term are left alone.
 */
import type { IndexTerm } from './index-xml.js';

const key = (parts: readonly string[]): string => parts.map((p) => p.toLowerCase()).join('\u0001');

export function resolveSeeReferences(terms: readonly IndexTerm[]): { from: IndexTerm; to: IndexTerm }[] {
  const byPath = new Map<string, IndexTerm>();
  for (const t of terms) if (!byPath.has(key(t.path))) byPath.set(key(t.path), t);
  const out: { from: IndexTerm; to: IndexTerm }[] = [];
  for (const t of terms) {
    if (!t.see || t.code) continue;
    const parts = t.see.split(/,\s*/).map((p) => p.trim());
    for (let k = parts.length; k >= 1; k--) {
      const main = parts.slice(0, k).join(', ');
      if (!byPath.has(key([main]))) continue;
      const target = byPath.get(key([main, ...parts.slice(k)]));
      if (target?.code) out.push({ from: t, to: target });
      break;
    }
  }
  return out;
}
