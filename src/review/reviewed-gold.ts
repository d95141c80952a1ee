/**
 * Reviewed batches as gold, for `calibrate` and `train`: each chart whose every suggestion a coder decided
 * becomes a GoldChart whose codes are the ones the coder kept (accepted, changed to, added). Against it a
 * rejected suggestion is a negative, a changed one a negative (its new code a positive), an added code a
 * positive the pipeline missed. Charts still in progress, failed charts, and charts whose file changed since
 * the batch (the pipeline would code other text) are left out and listed with the reason.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { CodeSystemId } from '../contract/chart-record.js';
import type { GoldChart } from '../evaluate/gold.js';
import { indexBatch } from './batch-index.js';
import { DecisionLog } from './decision-log.js';
import { keptCodes, reviewedCharts } from './reviewed-charts.js';

export interface ReviewedGoldChart extends GoldChart {
  batchId: string;
  sha256: string;
  /** Suggestions the coder rejected (with the reason) or changed: the negatives. */
  negatives: { system: CodeSystemId; code: string; reason: string }[];
  /** Codes the coder added: positives the pipeline missed. */
  added: { system: CodeSystemId; code: string }[];
}

export interface ReviewedGold {
  charts: ReviewedGoldChart[];
  skipped: { chartId: string; reason: 'in_progress' | 'failed' | 'file_changed' }[];
}

export async function reviewedGold(batchDir: string): Promise<ReviewedGold> {
  const index = await indexBatch(batchDir);
  const log = new DecisionLog(batchDir, { readOnly: true });
  const out: ReviewedGold = { charts: [], skipped: [] };
  try {
    for (const c of reviewedCharts(index, log)) {
      const chartId = c.entry.id;
      if (c.entry.status === 'failed') out.skipped.push({ chartId, reason: 'failed' });
      else if (c.state !== 'done') out.skipped.push({ chartId, reason: 'in_progress' });
      else if (!sameFile(c.entry.path, c.entry.sha256)) out.skipped.push({ chartId, reason: 'file_changed' });
      else {
        const negatives = c.rows
          .filter((r) => r.decision.action === 'reject' || r.decision.action === 'change')
          .map((r) => ({
            system: r.row.system as CodeSystemId,
            code: r.row.code,
            reason: r.decision.action === 'change' ? `changed_to:${r.decision.newCode}` : (r.decision.reason ?? ''),
          }));
        out.charts.push({
          chartId,
          file: c.entry.path,
          documentType: 'reviewed',
          encounterType: c.entry.encounterType === 'inpatient' ? 'inpatient' : 'outpatient',
          ...(c.entry.dateOfService ? { dateOfService: c.entry.dateOfService } : {}),
          codes: keptCodes(c).map((k) => ({ system: k.system, code: k.code, assertion: 'present', evidence: [] })),
          batchId: index.batchId,
          sha256: c.entry.sha256,
          negatives,
          added: c.added.map((a) => ({ system: a.system, code: a.code })),
        });
      }
    }
  } finally {
    log.close();
  }
  return out;
}

function sameFile(file: string, sha256: string): boolean {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex') === sha256;
  } catch {
    return false;
  }
}
