/** The short text summary `chartcoder eval` prints: the figures an analyst reads first. */
import type { EvalReport } from './evaluate.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function summarize(r: EvalReport): string {
  const lines = [
    `charts: ${r.charts.gold} gold, ${r.charts.inBatch} in batch, ${r.charts.failedInBatch} failed`,
    `overall (micro): P ${pct(r.overall.precision)}  R ${pct(r.overall.recall)}  F1 ${pct(r.overall.f1)}  (tp ${r.overall.tp}, fp ${r.overall.fp}, fn ${r.overall.fn})`,
    `MAP: all ${r.map.all.toFixed(3)}  diagnoses ${r.map.diagnoses.toFixed(3)}  procedures ${r.map.procedures.toFixed(3)}${r.map.proceduresExact !== undefined ? ` (exact codes, as the official CodiEsp script: ${r.map.proceduresExact.toFixed(3)})` : ''}`,
  ];
  for (const [s, m] of Object.entries(r.bySystem)) {
    lines.push(`  ${s.padEnd(8)} P ${pct(m.micro.precision)}  R ${pct(m.micro.recall)}  F1 ${pct(m.micro.f1)}  | category F1 ${pct(m.category.f1)} | macro F1 ${pct(m.macro.f1)} | MAP ${m.map.toFixed(3)}`);
  }
  lines.push(
    `auto rows: ${r.auto.rows}, precision ${pct(r.auto.precision)}, gold codes found as auto ${r.auto.goldFoundAsAuto} (${pct(r.auto.shareOfGold)} of gold)`,
    `review rows: ${r.review.rows}, precision ${pct(r.review.precision)}`,
    ...(r.secondOpinion ? [secondOpinionLine(r.secondOpinion)] : []),
    `calibration: ECE ${r.calibration.ece.toFixed(3)}` +
      (r.coverage.atPrecision95 ? `; coverage at precision >= 95%: ${pct(r.coverage.atPrecision95.coverage)} (threshold ${r.coverage.atPrecision95.threshold})` : '; no threshold reaches 95% precision'),
    `evidence overlap: token F1 ${r.evidence.meanTokenF1.toFixed(3)} over ${r.evidence.matched} matched codes`,
  );
  return `${lines.join('\n')}\n`;
}

function secondOpinionLine(s: NonNullable<EvalReport['secondOpinion']>): string {
  return (
    `second opinion on ${s.asked} review rows: precision ${pct(s.before.precision)} -> ${pct(s.after.precision)}, ` +
    `recall ${pct(s.before.recall)} -> ${pct(s.after.recall)} (of gold codes not found as auto); ` +
    `agreed ${s.agreed.rows} (precision ${pct(s.agreed.precision)}), changed ${s.changed.rows} (precision ${pct(s.changed.precision)})`
  );
}
