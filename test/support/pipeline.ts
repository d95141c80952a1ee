/** Run the chart stages after ingest over a text, in process, with each stage's default options. */
import type { ChartRecord, EncounterType } from '../../src/contract/chart-record.js';
import type { CodeSetRegistry } from '../../src/contract/code-sets.js';
import { newRecord, processChart, type ReadyStage } from '../../src/pipeline/process-chart.js';
import { stageRegistry } from '../../src/pipeline/registry.js';
import type { ChartStage, StageContext } from '../../src/contract/stage.js';
import { tinyCodeSets } from './code-sets.js';

const AFTER_INGEST = [
  'sectionize',
  'extract-mentions',
  'classify-assertion',
  'map-codes',
  'apply-guidelines',
  'score-confidence',
];

export async function stagesFor(
  codeSets: CodeSetRegistry = tinyCodeSets(),
  upTo = 'score-confidence',
  encounterType: EncounterType = 'outpatient',
): Promise<ReadyStage[]> {
  const ctx: StageContext = { codeSets, pipeline: { name: 'test', encounterType, configPath: '' } };
  const names = AFTER_INGEST.slice(0, AFTER_INGEST.indexOf(upTo) + 1);
  return Promise.all(
    names.map(async (name) => {
      const stage = stageRegistry.get(name) as ChartStage;
      return { name, fn: await stage.setup(stage.options.parse({}), ctx) };
    }),
  );
}

export async function codeText(
  text: string,
  opts: { encounterType?: EncounterType; stages?: ReadyStage[] } = {},
): Promise<ChartRecord> {
  const encounterType = opts.encounterType ?? 'outpatient';
  const stages = opts.stages ?? (await stagesFor(undefined, undefined, encounterType));
  const record = newRecord({ id: 'test', path: 'test.txt' }, encounterType);
  record.text = text;
  record.pages = [{ start: 0, end: text.length }];
  return processChart(record, stages);
}

/** `code → assertion of its first evidence`, for compact assertions in tests. */
export function codesOf(r: ChartRecord): Record<string, string> {
  return Object.fromEntries(r.codes.map((c) => [c.code, c.status]));
}
