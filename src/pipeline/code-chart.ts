/**
 * Code one chart, or one encounter of several documents (code-encounter.ts), with the stages of the releases in
 * force on its date of service (release-stages.ts); and a group of charts one after another, as a worker codes them.
 * Apart from release-stages.ts so that it and code-encounter.ts do not import each other.
 */
import type { ChartRecord, EncounterType } from '../contract/chart-record.js';
import type { CodedChart, EncodeChart } from '../contract/stage.js';
import type { ChartInput } from '../ingest/list-inputs.js';
import { chartStarting } from '../batch/test-faults.js';
import { codeEncounter } from './code-encounter.js';
import { newRecord, processChart, serialize } from './process-chart.js';
import { stagesOrIssue, type ReleaseStages } from './release-stages.js';

/**
 * Code one chart (or one encounter: code-encounter) with the releases in force on its date of service. A date no
 * imported release covers is coded with the nearest release and gets a warning (CODESET_DATE_OUTSIDE_RELEASES); a bad
 * date fails that chart only.
 */
export async function codeWithRelease(
  input: ChartInput,
  releases: ReleaseStages,
  encounterType: EncounterType,
  timeoutMs: number,
): Promise<ChartRecord> {
  if (input.documents) return codeEncounter(input, releases, encounterType, timeoutMs);
  const record = newRecord(input, encounterType);
  const ready = await stagesOrIssue(record, input, releases);
  return ready ? processChart(record, ready.stages, timeoutMs) : record;
}

/** Code a group of charts one after another, each encoded by the sink as it finishes (in a worker, or on this thread). */
export async function codeGroup(
  inputs: ChartInput[],
  releases: ReleaseStages,
  encounterType: EncounterType,
  timeoutMs: number,
  encode: EncodeChart,
  starting?: (index: number) => void,
): Promise<CodedChart[]> {
  const out: CodedChart[] = [];
  for (const [i, input] of inputs.entries()) {
    starting?.(i);
    chartStarting(input.id);
    out.push(serialize(await codeWithRelease(input, releases, encounterType, timeoutMs), encode));
  }
  return out;
}
