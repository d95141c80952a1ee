/**
 * Marks diagnoses that map to a CMS-HCC V28 category so risk-adjustment reviewers can find them:
 * `hcc` = `HCC37 Diabetes with Chronic Complications`; a category outranked by another one on the same
 * chart (the model's hierarchy: only the higher one counts) says so: `HCC38 … [outranked by HCC37]`.
 * Several categories are joined with `; `.
 */
import type { CodeSuggestion } from '../contract/chart-record.js';
import type { HccMap } from './hcc-map.js';

export function markHcc(codes: CodeSuggestion[], map: HccMap): void {
  const dx = codes.filter((c) => c.system === 'icd10cm');
  const cats = new Map(dx.map((c) => [c, map.byCode.get(c.code.replace('.', '')) ?? []]));
  const onChart = new Set([...cats.values()].flat());
  for (const [c, list] of cats) {
    if (list.length === 0) continue;
    c.hcc = list
      .map((cc) => {
        const label = map.labels.get(cc);
        const over = (map.outrankedBy.get(cc) ?? []).filter((p) => onChart.has(p));
        return `${cc}${label ? ` ${label}` : ''}${over.length ? ` [outranked by ${over.join(', ')}]` : ''}`;
      })
      .join('; ');
  }
}
