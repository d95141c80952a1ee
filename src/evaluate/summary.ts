/** The short text summary `chartcoder eval` prints: the figures an analyst reads first. */
import type { Comparison } from './compare.js';
import type { EvalReport } from './evaluate.js';
import { intervalText, valueText } from './report-sections.js';

/** The figures the printed summary gives with their intervals (all of them are in report.html and metrics.json). */
const HEADLINE = [
  'overall.precision',
  'overall.recall',
  'overall.f1',
  'map.all',
  'auto.precision',
  'review.precision',
  'first_listed.accuracy',
  'pointers.accuracy',
  'hcc.capture',
  'traps.compliance',
];

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function summarize(r: EvalReport): string {
  const lines = [
    `charts: ${r.charts.gold} gold, ${r.charts.inBatch} in batch, ${r.charts.failedInBatch} failed`,
    `overall (micro): P ${pct(r.overall.precision)}  R ${pct(r.overall.recall)}  F1 ${pct(r.overall.f1)}  (tp ${r.overall.tp}, fp ${r.overall.fp}, fn ${r.overall.fn})`,
    `MAP: all ${r.map.all.toFixed(3)}  diagnoses ${r.map.diagnoses.toFixed(3)}  procedures ${r.map.procedures.toFixed(3)}`,
  ];
  for (const [s, m] of Object.entries(r.bySystem)) {
    lines.push(
      `  ${s.padEnd(8)} P ${pct(m.micro.precision)}  R ${pct(m.micro.recall)}  F1 ${pct(m.micro.f1)}  | category F1 ${pct(m.category.f1)} | macro F1 ${pct(m.macro.f1)} | MAP ${m.map.toFixed(3)}`,
    );
  }
  lines.push(
    `auto rows: ${r.auto.rows}, precision ${r.auto.rows ? pct(r.auto.precision) : 'no data'}, gold codes found as auto ${r.auto.goldFoundAsAuto} (${pct(r.auto.shareOfGold)} of gold)`,
    `review rows: ${r.review.rows}, precision ${r.review.rows ? pct(r.review.precision) : 'no data'}`,
    ...(r.secondOpinion ? [secondOpinionLine(r.secondOpinion)] : []),
    `calibration: ECE ${r.calibration.ece.toFixed(3)}` +
      (r.coverage.atPrecision95
        ? `; coverage at precision >= 95%: ${pct(r.coverage.atPrecision95.coverage)} (threshold ${r.coverage.atPrecision95.threshold})`
        : '; no threshold reaches 95% precision'),
    r.evidence.matched
      ? `evidence overlap: token F1 ${r.evidence.meanTokenF1.toFixed(3)} over ${r.evidence.matched} matched codes`
      : 'evidence overlap: no data (no matched code has gold evidence)',
    `95% intervals (bootstrap over ${r.bootstrap.charts} charts, ${r.bootstrap.resamples} resamples, seed ${r.bootstrap.seed}):`,
    ...HEADLINE.flatMap((id) => r.figures.filter((f) => f.id === id)).map(
      (f) =>
        `  ${f.label.padEnd(48)} ${valueText(f).padStart(7)} ${intervalText(f).padEnd(19)} n = ${Math.round(f.n)} ${f.unit}`,
    ),
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

/** What --compare prints: the figures whose paired interval excludes zero, and how many codes moved each way. */
export function compareSummary(c: Comparison): string {
  const moved = c.figures.filter((f) => f.excludesZero);
  const count = (d: string) => c.codes.filter((x) => x.direction === d).length;
  const lines = [
    `compared with ${c.earlier.dir} over ${c.charts.shared} shared charts${c.goldChanged ? ' (the gold changed in between)' : ''}:`,
    `  codes right -> wrong: ${count('right → wrong')}, wrong -> right: ${count('wrong → right')}; charts changed: ${c.changedCharts.length}`,
    ...(moved.length
      ? moved.map(
          (f) =>
            `  ${f.label}: ${pct(f.before!)} -> ${pct(f.after!)} (${f.difference! >= 0 ? '+' : ''}${(f.difference! * 100).toFixed(1)} pts, interval excludes zero)`,
        )
      : ['  no figure changed by more than its interval']),
  ];
  return `${lines.join('\n')}\n`;
}
