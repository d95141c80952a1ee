/**
 * `chartcoder eval --decisions <batch>`: how far the coders agree with the suggestions, by flag reason, by
 * code and by status, so an analyst sees which rules and codes coders overrule. A decided suggestion is
 * accepted (agreement), rejected or changed (overruled); an added code is one the pipeline missed.
 * Returns data; the CLI prints and writes it.
 */
import type { BatchIndex } from './batch-index.js';
import { flagName } from './batch-index.js';
import type { DecisionLog } from './decision-log.js';
import { reviewedCharts } from './reviewed-charts.js';

export interface Tally {
  key: string;
  decided: number;
  accepted: number;
  rejected: number;
  changed: number;
  /** accepted / decided. */
  agreement: number;
}

export interface AgreementReport {
  batchId: string;
  charts: { withDecisions: number; done: number; inProgress: number };
  overall: Tally & { undecided: number; added: number };
  byFlag: Tally[];
  byCode: (Tally & { added: number })[];
  byStatus: Tally[];
  rejectReasons: Record<string, number>;
  /** Suggested code → code the coder put instead, with counts. */
  changes: { from: string; to: string; count: number }[];
}

const blank = (key: string): Tally => ({ key, decided: 0, accepted: 0, rejected: 0, changed: 0, agreement: 0 });

export function agreementReport(index: BatchIndex, log: DecisionLog): AgreementReport {
  const overall = { ...blank('all'), undecided: 0, added: 0 };
  const byFlag = new Map<string, Tally>();
  const byCode = new Map<string, Tally & { added: number }>();
  const byStatus = new Map<string, Tally>();
  const rejectReasons: Record<string, number> = {};
  const changes = new Map<string, number>();
  const charts = { withDecisions: 0, done: 0, inProgress: 0 };
  const bump = <T extends Tally>(m: Map<string, T>, key: string, action: string, make: (k: string) => T) => {
    const t = m.get(key) ?? m.set(key, make(key)).get(key)!;
    count(t, action);
  };
  for (const c of reviewedCharts(index, log)) {
    charts.withDecisions++;
    if (c.state === 'done') charts.done++;
    else charts.inProgress++;
    for (const { row, decision } of c.rows) {
      const action = decision.action;
      if (!action || action === 'add') {
        overall.undecided++;
        continue;
      }
      count(overall, action);
      const code = `${row.system}:${row.code}`;
      bump(byCode, code, action, (k) => ({ ...blank(k), added: 0 }));
      bump(byStatus, row.status, action, blank);
      const flags = row.flags.length ? [...new Set(row.flags.map(flagName))] : ['(no flag)'];
      for (const f of flags) bump(byFlag, f, action, blank);
      if (action === 'reject') rejectReasons[decision.reason ?? ''] = (rejectReasons[decision.reason ?? ''] ?? 0) + 1;
      if (action === 'change')
        changes.set(`${row.code}\t${decision.newCode}`, (changes.get(`${row.code}\t${decision.newCode}`) ?? 0) + 1);
    }
    for (const a of c.added) {
      overall.added++;
      const key = `${a.system}:${a.code}`;
      (byCode.get(key) ?? byCode.set(key, { ...blank(key), added: 0 }).get(key)!).added++;
    }
  }
  const sorted = <T extends Tally>(m: Map<string, T>) =>
    [...m.values()].sort((a, b) => b.decided - a.decided || (a.key < b.key ? -1 : 1));
  return {
    batchId: index.batchId,
    charts,
    overall: finish(overall),
    byFlag: sorted(byFlag).map(finish),
    byCode: sorted(byCode).map(finish),
    byStatus: sorted(byStatus).map(finish),
    rejectReasons,
    changes: [...changes]
      .map(([k, count]) => ({ from: k.split('\t')[0]!, to: k.split('\t')[1]!, count }))
      .sort((a, b) => b.count - a.count || (a.from < b.from ? -1 : 1)),
  };
}

function count(t: Tally, action: string): void {
  t.decided++;
  if (action === 'accept') t.accepted++;
  else if (action === 'reject') t.rejected++;
  else if (action === 'change') t.changed++;
}

function finish<T extends Tally>(t: T): T {
  return { ...t, agreement: t.decided ? Math.round((t.accepted / t.decided) * 1000) / 1000 : 0 };
}
