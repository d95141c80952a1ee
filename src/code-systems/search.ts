/**
 * Ranked code search for `codes search`: token overlap between the query and each code's title,
 * lexicon terms (inclusion terms, index paths, starter terms) and search-only terms (index paths of
 * header codes, drug/neoplasm/external-cause tables). Query tokens are weighted by rarity (IDF over
 * all those texts) so "neuropathy" counts more than "with"; a text scores
 *   0.85 × (weight of the query tokens it holds / weight of all query tokens) + 0.15 × (share of its own tokens matched),
 * and a code scores its best text. Ties: billable codes first, then code order.
 */
import type { CodeEntry, CodeSystem } from '../contract/code-sets.js';

export interface SearchHit {
  code: string;
  title: string;
  billable: boolean;
  score: number;
  /** The text that scored best, lower-cased as stored (titles as written). */
  matched: string;
}

const STOP = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'to', 'in', 'on', 'for', 'by', 'as', 'at']);

export function searchTokens(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).map((t) =>
    t.length > 3 && t.endsWith('s') && !/(ss|us|is)$/.test(t) ? t.slice(0, -1) : t,
  );
}

interface Candidate {
  entry: CodeEntry;
  text: string;
  size: number;
  matched: number[];
}

export interface SearchResult {
  hits: SearchHit[];
  /** Codes with at least one query token in some text. */
  matches: number;
}

export function searchCodes(system: CodeSystem, query: string, limit = 10): SearchResult {
  const q = [...new Set(searchTokens(query).filter((t) => !STOP.has(t)))];
  if (q.length === 0) return { hits: [], matches: 0 };
  const qIndex = new Map(q.map((t, i) => [t, i]));
  const df = new Array<number>(q.length).fill(0);
  let texts = 0;
  const candidates: Candidate[] = [];
  for (const entry of system.entries()) {
    const extra = (entry as { searchTerms?: string[] }).searchTerms ?? [];
    for (const text of [entry.title, ...entry.terms, ...extra]) {
      texts++;
      const toks = searchTokens(text);
      const matched = [...new Set(toks.map((t) => qIndex.get(t)).filter((i): i is number => i !== undefined))];
      for (const i of matched) df[i]!++;
      if (matched.length) candidates.push({ entry, text, size: new Set(toks).size, matched });
    }
  }
  const idf = df.map((d) => Math.log(1 + texts / Math.max(1, d)));
  const total = idf.reduce((a, b) => a + b, 0);
  const best = new Map<string, SearchHit>();
  for (const c of candidates) {
    const weight = c.matched.reduce((a, i) => a + idf[i]!, 0);
    const score = 0.85 * (weight / total) + 0.15 * Math.min(1, c.matched.length / c.size);
    const prev = best.get(c.entry.code);
    if (!prev || score > prev.score)
      best.set(c.entry.code, {
        code: c.entry.code,
        title: c.entry.title,
        billable: c.entry.billable,
        score,
        matched: c.text,
      });
  }
  const hits = [...best.values()]
    .sort((a, b) => b.score - a.score || Number(b.billable) - Number(a.billable) || a.code.localeCompare(b.code))
    .slice(0, limit);
  return { hits, matches: best.size };
}
