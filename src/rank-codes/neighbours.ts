/**
 * The k nearest coded training charts by tf-idf cosine, and the codes they carry: each code scores
 * the summed similarity of the neighbours that have it over the summed similarity of all k. An
 * inverted index (term → charts) keeps a chart's cost to the charts it shares terms with.
 */
import type { SparseVector } from './text-features.js';

export interface NeighbourIndex {
  size: number;
  /** label → [0, 1] score, and how many of the k neighbours carry it. */
  vote(x: SparseVector, k: number): Map<string, { score: number; count: number }>;
}

export function neighbourIndex(docs: SparseVector[], labels: string[][], dims: number): NeighbourIndex {
  const postings: { doc: number; v: number }[][] = Array.from({ length: dims }, () => []);
  docs.forEach((d, di) => d.idx.forEach((j, k) => postings[j]!.push({ doc: di, v: d.val[k]! })));
  return {
    size: docs.length,
    vote(x, k) {
      const sims = new Float64Array(docs.length);
      for (let t = 0; t < x.idx.length; t++) for (const p of postings[x.idx[t]!]!) sims[p.doc]! += p.v * x.val[t]!;
      const top = [...sims.keys()]
        .filter((i) => sims[i]! > 0)
        .sort((a, b) => sims[b]! - sims[a]! || a - b)
        .slice(0, k);
      const total = top.reduce((s, i) => s + sims[i]!, 0) || 1;
      const out = new Map<string, { score: number; count: number }>();
      for (const i of top) {
        for (const l of labels[i]!) {
          const e = out.get(l) ?? { score: 0, count: 0 };
          e.score += sims[i]! / total;
          e.count++;
          out.set(l, e);
        }
      }
      return out;
    },
  };
}
