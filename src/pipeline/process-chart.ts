/**
 * Run the chart stages over one record. A fatal issue stops that chart's later stages; an
 * unexpected exception becomes a fatal STAGE_FAILED issue naming the stage and the error class only
 * (its message could quote chart text), and the batch goes on.
 */
import { hasFatal, type ChartRecord, type EncounterType } from '../chart-record.js';
import { describeUnexpected } from '../errors.js';
import type { ChartInput } from '../ingest/list-inputs.js';
import type { ChartFn } from './stage.js';

export interface ReadyStage {
  name: string;
  fn: ChartFn;
}

export function newRecord(input: ChartInput, defaultEncounter: EncounterType): ChartRecord {
  const record: ChartRecord = {
    id: input.id,
    source: { path: input.path, kind: input.path.toLowerCase().endsWith('.pdf') ? 'pdf' : 'text', sha256: '', bytes: 0 },
    encounter: { type: input.encounterType ?? defaultEncounter, ...(input.dateOfService ? { dateOfService: input.dateOfService } : {}) },
    text: input.text ?? '',
    pages: [],
    sections: [],
    mentions: [],
    codes: [],
    issues: [],
    trace: [],
  };
  if (input.problem) record.issues.push({ stage: 'input', code: input.problem.code, severity: 'fatal', message: input.problem.message });
  return record;
}

export async function processChart(record: ChartRecord, stages: ReadyStage[]): Promise<ChartRecord> {
  let r = record;
  for (const stage of stages) {
    if (hasFatal(r)) break;
    const t0 = performance.now();
    try {
      r = await stage.fn(r);
    } catch (e) {
      r.issues.push({ stage: stage.name, code: 'STAGE_FAILED', severity: 'fatal', message: `stage ${stage.name} failed unexpectedly (${describeUnexpected(e)})` });
    }
    r.trace.push({ stage: stage.name, ms: performance.now() - t0 });
  }
  return r;
}

/** The record without its full text: what travels back from a worker and into the journal. */
export function slimRecord(record: ChartRecord): ChartRecord {
  return { ...record, text: '' };
}
