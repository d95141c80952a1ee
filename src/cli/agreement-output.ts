/** `chartcoder eval --decisions <batch>`: the agreement report printed and written (agreement.json). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ChartcoderError } from '../contract/errors.js';
import { agreementReport, type Tally } from '../review/agreement.js';
import { indexBatch } from '../review/batch-index.js';
import { DecisionLog } from '../review/decision-log.js';
import type { CliIo } from './io.js';

export async function decisionsEval(batchDir: string, outDir: string, id: string, io: CliIo): Promise<number> {
  const index = await indexBatch(batchDir);
  const log = new DecisionLog(batchDir, { readOnly: true });
  const report = agreementReport(index, log);
  log.close();
  const dir = path.join(outDir, `eval-decisions-${id}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(dir, 'agreement.json'), `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600 });
  } catch {
    throw new ChartcoderError('OUTPUT_NOT_WRITABLE', 'cannot write the agreement report', dir);
  }
  const o = report.overall;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const line = (t: Tally) =>
    `  ${t.key.padEnd(28)} ${String(t.decided).padStart(7)} ${pct(t.agreement).padStart(8)} ${String(t.rejected).padStart(8)} ${String(t.changed).padStart(8)}`;
  const head = `  ${''.padEnd(28)} ${'decided'.padStart(7)} ${'agree'.padStart(8)} ${'rejected'.padStart(8)} ${'changed'.padStart(8)}`;
  const lines = [
    `coder agreement, batch ${report.batchId}: ${report.charts.withDecisions} charts with decisions (${report.charts.done} done), ${o.decided} suggestions decided, ${o.undecided} undecided, ${o.added} codes added`,
    `overall: ${pct(o.agreement)} accepted, ${o.rejected} rejected, ${o.changed} changed`,
    'by flag reason:',
    head,
    ...report.byFlag.map(line),
    'by status:',
    head,
    ...report.byStatus.map(line),
    'most overruled codes:',
    head,
    ...[...report.byCode]
      .sort((a, b) => b.rejected + b.changed - (a.rejected + a.changed))
      .slice(0, 10)
      .map(line),
    `written to ${path.join(dir, 'agreement.json')}`,
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
