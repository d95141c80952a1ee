/**
 * `chartcoder explain <file>`: how the pipeline read one chart — sections, units, mentions with their
 * assertion and the rule that decided it, attributes, and the codes with their reporting order, flags, HCC
 * categories, supporting diagnoses and alternatives. It prints pieces of
 * the chart to stdout because the user asked to see them; nothing goes to logs.
 */
import type { Argv } from 'yargs';
import path from 'node:path';
import type { ChartRecord } from '../contract/chart-record.js';
import { checkStoreForRun, STORE_ENV } from '../code-systems/store.js';
import { ChartcoderError } from '../contract/errors.js';
import { segment } from '../text/segment.js';
import { loadPipelineConfig } from '../pipeline/config.js';
import { codeWithRelease } from '../pipeline/code-chart.js';
import { releaseStages } from '../pipeline/release-stages.js';
import { storeFor } from '../pipeline/pipeline-store.js';
import type { CliIo } from './io.js';

export interface ExplainArgs {
  file: string;
  pipeline: string;
  encounterType?: 'outpatient' | 'inpatient';
  codeStore?: string;
  dateOfService?: string;
  json: boolean;
}

export function explainCommandBuilder(y: Argv): Argv<ExplainArgs> {
  return y
    .positional('file', { describe: 'one chart file (PDF or text)', type: 'string', demandOption: true })
    .option('pipeline', { alias: 'p', describe: 'pipeline name or path', type: 'string', default: 'outpatient' })
    .option('encounter-type', {
      describe: 'override the pipeline default',
      choices: ['outpatient', 'inpatient'] as const,
    })
    .option('code-store', {
      describe: `code-set store of imported releases, as in run [default: $${STORE_ENV} if set, else ~/.chartcoder/code-sets when it holds releases, else the embedded starter set]`,
      type: 'string',
    })
    .option('date-of-service', {
      describe: 'YYYY-MM-DD: code with the release in force that day (default: the newest)',
      type: 'string',
    })
    .option('json', { describe: 'the whole record as JSON, for tools', type: 'boolean', default: false })
    .example('$0 explain notes/ov-17.txt', 'see why each code was (or was not) suggested')
    .example(
      '$0 explain notes/ov-17.txt --code-store /srv/code-sets',
      'as a production run with the official releases codes it',
    ) as unknown as Argv<ExplainArgs>;
}

export async function explainCommand(args: ExplainArgs, io: CliIo): Promise<number> {
  if (
    args.dateOfService !== undefined &&
    (!/^\d{4}-\d{2}-\d{2}$/.test(args.dateOfService) || Number.isNaN(Date.parse(args.dateOfService)))
  ) {
    throw new ChartcoderError(
      'USAGE',
      `expected --date-of-service as YYYY-MM-DD, found "${args.dateOfService.slice(0, 20)}"`,
    );
  }
  const config = loadPipelineConfig(args.pipeline);
  // The same path as a run's worker: the release in force (store, date of service) and every stage of the
  // pipeline, a learned one included, so the explanation is how a production batch codes this chart.
  const codeStore = storeFor(config, args.codeStore);
  if (codeStore !== undefined) checkStoreForRun(path.resolve(codeStore));
  const releases = releaseStages(config, codeStore ? { codeStore: path.resolve(codeStore) } : {});
  const input = {
    id: args.file,
    path: args.file,
    ...(args.encounterType ? { encounterType: args.encounterType } : {}),
    ...(args.dateOfService ? { dateOfService: args.dateOfService } : {}),
  };
  const record = await codeWithRelease(input, releases, config.encounterType, EXPLAIN_TIMEOUT_MS);
  io.stdout.write(args.json ? `${JSON.stringify(record, null, 2)}\n` : describe(record));
  return record.issues.some((i) => i.severity === 'fatal') ? 2 : 0;
}

/** As long as a run gives one chart by default (`--chart-timeout`). */
const EXPLAIN_TIMEOUT_MS = 120_000;

/** How the matcher found a mention, from the end of its ruleId. */
const MATCH_KIND: Record<string, string> = {
  term: 'term',
  abbr: 'abbreviation',
  flex: 'words out of order or with gaps',
  med: 'drug in a medication list',
  pcs: 'ICD-10-PCS code composed from operation, body part and approach words',
};

const clip = (s: string, n = 70) => (s.length > n ? `${s.slice(0, n - 1)}…` : s).replace(/\s+/g, ' ');

function describe(r: ChartRecord): string {
  const out: string[] = [
    `chart ${r.id} (${r.source.kind}, ${r.pages.length} page(s), ${r.text.length} characters, ${r.encounter.type})`,
  ];
  if (r.codeSets)
    out.push(
      `code sets: ${Object.entries(r.codeSets)
        .map(([k, v]) => `${k} ${v}`)
        .join('; ')}`,
    );
  for (const i of r.issues) out.push(`issue ${i.severity} ${i.code}: ${i.message}`);
  out.push('', 'SECTIONS');
  for (const s of r.sections) {
    const units = segment(r.text, s.range.start, s.range.end).length;
    out.push(`  [${s.range.start}-${s.range.end}) ${s.category.padEnd(22)} "${clip(s.title, 40)}"  ${units} unit(s)`);
  }
  out.push('', 'MENTIONS');
  for (const m of r.mentions) {
    const attrs = Object.entries(m.attributes)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const codes = m.termCodes.map((t) => `${t.system}:${t.code}`).join(', ');
    const how = MATCH_KIND[m.ruleId.slice(m.ruleId.lastIndexOf(':') + 1)] ?? 'term';
    out.push(
      `  [${m.range.start}-${m.range.end}) "${clip(m.text, 40)}" ${m.kind} in ${m.section}: ${m.assertion}${m.assertionRule ? ` (${m.assertionRule})` : ''}${attrs ? `  ${attrs}` : ''}  → ${codes} (${how})`,
    );
    out.push(`      unit: "${clip(r.text.slice(m.unit.start, m.unit.end), 90)}"`);
  }
  out.push('', 'CODES');
  for (const c of r.codes) {
    // Reporting order as codes.csv's `sequence` column: #1 is first-listed (principal, inpatient).
    const order = c.sequence !== undefined ? `#${c.sequence}`.padEnd(4) : '    ';
    out.push(
      `  ${order}${c.system.padEnd(8)} ${c.code.padEnd(8)} ${c.status.padEnd(6)} ${c.confidence.toFixed(3)}  ${clip(c.title, 60)}`,
    );
    if (c.flags.length) out.push(`      flags: ${c.flags.join('; ')}`);
    if (c.hcc) out.push(`      hcc: ${c.hcc}`);
    if (c.diagnosisPointers?.length) out.push(`      supported by: ${c.diagnosisPointers.join(', ')}`);
    if (c.alternatives.length) out.push(`      alternatives: ${c.alternatives.map((a) => a.code).join(', ')}`);
    out.push(
      `      evidence: ${c.evidence.map((e) => `[${e.range.start}-${e.range.end}) "${clip(e.text, 40)}" (${e.section})`).join('; ')}`,
    );
  }
  return `${out.join('\n')}\n`;
}
