/**
 * Put a second opinion on its row. By default it is only a column; the pipeline may let it act, once
 * the evaluation has shown its precision: `changeStatus` makes a row the model agrees with `auto` when
 * nothing but the score or a choice between candidates held it back; `replaceCode` puts the model's
 * validated code in place of the rules' one (kept in alternatives), the row staying `review`.
 */
import type { ChartRecord, CodeSuggestion, SecondOpinion } from '../contract/chart-record.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import type { SecondOpinionOptions } from './second-opinion-options.js';

/** Flags a model's agreement can settle; query_provider, uncertain_dx, history_of, planned_procedure need a human. */
const SETTLED_BY_AGREEMENT = new Set(['low_confidence', 'multiple_candidates']);

export function applyOpinion(
  record: ChartRecord,
  c: CodeSuggestion,
  op: SecondOpinion,
  opts: SecondOpinionOptions,
  codeSets: CodeSetRegistry,
): void {
  c.secondOpinion = op;
  if (opts.changeStatus && op.verdict === 'agrees' && c.flags.every((f) => SETTLED_BY_AGREEMENT.has(f))) {
    c.status = 'auto';
    c.flags = [];
    return;
  }
  const differs = op.verdict === 'prefers_candidate' || op.verdict === 'proposes_other';
  // A code the chart already has on another row is not duplicated: the opinion stays a column.
  if (
    opts.replaceCode &&
    differs &&
    op.code &&
    !record.codes.some((o) => o !== c && o.system === c.system && o.code === op.code)
  ) {
    c.alternatives = [{ code: c.code, score: c.confidence }, ...c.alternatives.filter((a) => a.code !== op.code)];
    c.code = op.code;
    c.title = codeSets.get(c.system).lookup(op.code)?.title ?? c.title;
    c.flags = [...c.flags, 'second_opinion_changed_code'];
  }
}
