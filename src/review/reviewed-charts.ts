/**
 * A batch's charts as the coders left them: each chart with decisions, its suggested rows with their
 * disposition and the codes coders added. The one reading of decisions that export, the agreement report
 * and the gold conversion share.
 */
import type { CodeSystemId } from '../contract/chart-record.js';
import { chartRows, type BatchIndex, type ChartEntry, type CodeRow } from './batch-index.js';
import { rowKey, type RowState } from './decision.js';
import type { DecisionLog } from './decision-log.js';
import { decidedCount, reviewState, type ReviewState } from './work-list.js';

export interface ReviewedChart {
  entry: ChartEntry;
  state: ReviewState;
  rows: { row: CodeRow; decision: RowState }[];
  added: { system: CodeSystemId; code: string; decision: RowState }[];
}

/** Charts with at least one decision, in chart-id order. */
export function* reviewedCharts(index: BatchIndex, log: DecisionLog): Generator<ReviewedChart> {
  log.refresh();
  const ids = [...log.state.keys()].filter((id) => index.byId.has(id)).sort();
  for (const id of ids) {
    const entry = index.byId.get(id)!;
    const decisions = log.rowsOf(id);
    const rows = chartRows(entry).map((row) => ({
      row,
      decision: decisions.get(rowKey(row.system, row.code)) ?? { queries: [] },
    }));
    const suggested = new Set(rows.map((r) => rowKey(r.row.system, r.row.code)));
    const added = [...decisions]
      .filter(([key, d]) => d.action === 'add' && !suggested.has(key))
      .map(([key, decision]) => {
        const [system, code] = key.split(':') as [CodeSystemId, string];
        return { system, code, decision };
      });
    yield { entry, state: reviewState(entry, decidedCount(entry, decisions), decisions), rows, added };
  }
}

/** The codes a coder keeps for a chart: accepted suggestions, the codes changed to, the codes added. */
export function keptCodes(c: ReviewedChart): {
  system: CodeSystemId;
  code: string;
  origin: 'suggested' | 'changed' | 'added';
  from?: CodeRow;
  decision: RowState;
}[] {
  const kept: ReturnType<typeof keptCodes> = [];
  for (const { row, decision } of c.rows) {
    if (decision.action === 'accept')
      kept.push({ system: row.system as CodeSystemId, code: row.code, origin: 'suggested', from: row, decision });
    if (decision.action === 'change')
      kept.push({
        system: (decision.newSystem ?? row.system) as CodeSystemId,
        code: decision.newCode!,
        origin: 'changed',
        from: row,
        decision,
      });
  }
  for (const a of c.added) kept.push({ system: a.system, code: a.code, origin: 'added', decision: a.decision });
  return kept;
}
