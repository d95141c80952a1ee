/**
 * Run the chart stages over one record. A fatal issue stops that chart's later stages, and so does
 * running past the time limit (checked between stages: one pathological file cannot stall the night); an
 * unexpected exception becomes a fatal STAGE_FAILED issue naming the stage and the error class only
 * (its message could quote chart text), and the batch goes on.
 */
import {
  documentFailed,
  hasFatal,
  type ChartRecord,
  type EncounterType,
  type Issue,
} from '../contract/chart-record.js';
import { describeUnexpected } from '../contract/errors.js';
import { namedKind, type ChartInput } from '../ingest/list-inputs.js';
import { sinkOf, type PipelineConfig } from './config.js';
import type { BatchRef, ChartFn, CodedChart, EncodeChart } from '../contract/stage.js';

export interface ReadyStage {
  name: string;
  fn: ChartFn;
  /** Runs on each document of an encounter alone (see ChartStage.perDocument). */
  perDocument?: boolean;
}

/** A record before any stage: its text (if any) and nothing found yet. */
export function emptyRecord(
  id: string,
  source: ChartRecord['source'],
  encounter: ChartRecord['encounter'],
  text = '',
): ChartRecord {
  return { id, source, encounter, text, pages: [], sections: [], mentions: [], codes: [], issues: [], trace: [] };
}

export function newRecord(input: ChartInput, defaultEncounter: EncounterType): ChartRecord {
  const record = emptyRecord(
    input.id,
    { path: input.path, kind: namedKind(input), sha256: '', bytes: 0 },
    {
      type: input.encounterType ?? defaultEncounter,
      ...(input.dateOfService ? { dateOfService: input.dateOfService } : {}),
      ...(input.documentType ? { documentType: input.documentType } : {}),
      ...(input.patientId ? { patientId: input.patientId } : {}),
    },
    input.text ?? '',
  );
  if (input.problem)
    record.issues.push({ stage: 'input', code: input.problem.code, severity: 'fatal', message: input.problem.message });
  return record;
}

/** `timeoutMs`: a chart still running when a stage is due to start after this long fails with CHART_TIMEOUT. */
export async function processChart(
  record: ChartRecord,
  stages: ReadyStage[],
  timeoutMs = Infinity,
): Promise<ChartRecord> {
  let r = record;
  const deadline = performance.now() + timeoutMs;
  for (const stage of stages) {
    if (hasFatal(r)) break;
    if (performance.now() > deadline) {
      r.issues.push(timeoutIssue(timeoutMs));
      break;
    }
    const t0 = performance.now();
    try {
      r = await stage.fn(r);
    } catch (e) {
      r.issues.push({
        stage: stage.name,
        code: 'STAGE_FAILED',
        severity: 'fatal',
        message: `stage ${stage.name} failed unexpectedly (${describeUnexpected(e)})`,
      });
    }
    r.trace.push({ stage: stage.name, ms: performance.now() - t0 });
  }
  return r;
}

/** The encoder of the pipeline's sink (its last stage), for `batch`. */
export function sinkEncoder(config: PipelineConfig, batch: BatchRef): EncodeChart {
  const sink = sinkOf(config);
  return sink.stage.encoder(sink.options, batch);
}

/** A finished record as it travels back from a worker: encoded by the pipeline's sink. */
export function serialize(record: ChartRecord, encode: EncodeChart): CodedChart {
  if (!record.documents) return { id: record.id, failed: hasFatal(record), encoded: encode(record) };
  const failed = record.documents.filter((d) => documentFailed(record, d)).length;
  return {
    id: record.id,
    failed: failed === record.documents.length,
    documents: { total: record.documents.length, failed },
    encoded: encode(record),
  };
}

export function timeoutIssue(timeoutMs: number): Issue {
  return {
    stage: 'run',
    code: 'CHART_TIMEOUT',
    severity: 'fatal',
    message: `not finished within ${timeoutMs} ms; code it by hand or raise --chart-timeout`,
  };
}
