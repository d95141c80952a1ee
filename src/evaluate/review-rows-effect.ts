/**
 * What the second opinions would do to the review rows, measured on gold: precision and recall of the
 * review rows as the rules wrote them, and as they would be with the model's validated answers applied
 * (its other code in place of the rules' one, a `no_code` row removed); and the precision of the rows it
 * agreed with, which is what `changeStatus` would make `auto`. These are the figures that should decide
 * whether a pipeline lets the stage act. Recall is over the gold codes the auto rows did not find: the
 * pile the review rows are there for.
 */
import type { Prediction } from './predictions.js';

export interface ReviewRowsFigures {
  rows: number;
  correct: number;
  precision: number;
  recall: number;
}

export interface ReviewRowsEffect {
  /** Review rows with an opinion of any kind (discarded and not asked included). */
  asked: number;
  verdicts: Record<string, number>;
  before: ReviewRowsFigures;
  after: ReviewRowsFigures;
  agreed: { rows: number; correct: number; precision: number };
  /** Rows whose code the model would change: how often its code is the gold one. */
  changed: { rows: number; correct: number; precision: number };
}

const CHANGES = new Set(['prefers_candidate', 'proposes_other']);

/** `goldKeys`: chart id → `system:code` of its gold codes. Undefined when no row carries an opinion. */
export function reviewRowsEffect(
  preds: Prediction[],
  goldKeys: Map<string, Set<string>>,
): ReviewRowsEffect | undefined {
  const review = preds.filter((p) => p.status === 'review');
  const asked = review.filter((p) => p.secondOpinion);
  if (asked.length === 0) return undefined;
  const isGold = (chartId: string, key: string) => goldKeys.get(chartId)?.has(key) ?? false;
  const foundByAuto = new Set(
    preds.filter((p) => p.status === 'auto').map((p) => `${p.chartId}|${p.system}:${p.code}`),
  );
  let left = 0;
  for (const [chartId, keys] of goldKeys) for (const k of keys) if (!foundByAuto.has(`${chartId}|${k}`)) left++;
  const figures = (rows: { chartId: string; key: string }[]): ReviewRowsFigures => {
    const correct = rows.filter((r) => isGold(r.chartId, r.key));
    const found = new Set(correct.map((r) => `${r.chartId}|${r.key}`).filter((k) => !foundByAuto.has(k)));
    return {
      rows: rows.length,
      correct: correct.length,
      precision: ratio(correct.length, rows.length),
      recall: ratio(found.size, left),
    };
  };
  const before = review.map((p) => ({ chartId: p.chartId, key: `${p.system}:${p.code}` }));
  const after = review.flatMap((p) => {
    const op = p.secondOpinion;
    if (op?.verdict === 'no_code') return [];
    const code = op && CHANGES.has(op.verdict) && op.code ? op.code : p.code;
    return [{ chartId: p.chartId, key: `${p.system}:${code}` }];
  });
  const verdicts: Record<string, number> = {};
  for (const p of asked) verdicts[p.secondOpinion!.verdict] = (verdicts[p.secondOpinion!.verdict] ?? 0) + 1;
  const agreed = asked.filter((p) => p.secondOpinion!.verdict === 'agrees');
  const agreedCorrect = agreed.filter((p) => isGold(p.chartId, `${p.system}:${p.code}`)).length;
  const changed = asked.filter((p) => CHANGES.has(p.secondOpinion!.verdict) && p.secondOpinion!.code);
  const changedCorrect = changed.filter((p) => isGold(p.chartId, `${p.system}:${p.secondOpinion!.code}`)).length;
  return {
    asked: asked.length,
    verdicts,
    before: figures(before),
    after: figures(after),
    agreed: { rows: agreed.length, correct: agreedCorrect, precision: ratio(agreedCorrect, agreed.length) },
    changed: { rows: changed.length, correct: changedCorrect, precision: ratio(changedCorrect, changed.length) },
  };
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
