/**
 * The stage contract. `setup` runs once per run (load rules, build lexicons); the function it
 * returns runs once per chart. A sink (the batch writer) receives finished records in chart-id
 * order and is closed once at the end.
 */
import type { z } from 'zod';
import type { ChartRecord, EncounterType } from '../chart-record.js';
import type { CodeSetRegistry } from '../code-systems/registry.js';

export interface StageContext {
  /** Code systems in force for this run. */
  codeSets: CodeSetRegistry;
  /** Pipeline name and default encounter type, for stages whose rules depend on them. */
  pipeline: { name: string; encounterType: EncounterType; configPath: string };
}

export type ChartFn = (record: ChartRecord) => ChartRecord | Promise<ChartRecord>;

/** What the whole batch came to, over every chart the sink received (resumed runs included). */
export interface BatchTotals {
  charts: number;
  failed: number;
  codes: number;
  auto: number;
  stageMs: Record<string, number>;
  /** The CSV files written, in order (more than one when a file would pass the row limit). */
  files: { codes: string[]; charts: string[] };
}

/** A finished chart as it leaves a worker: the record already serialized (strings cross threads cheaply). */
export interface CodedChart {
  id: string;
  failed: boolean;
  /** JSON of the record without its full text. */
  json: string;
}

export interface Sink {
  write(chart: CodedChart): Promise<void>;
  /** Finish the batch files. */
  close(): Promise<BatchTotals>;
}

export interface SinkContext extends StageContext {
  /** Folder the sink writes into (a temporary folder the runner commits). */
  dir: string;
  batchId: string;
}

interface StageBase<O> {
  name: string;
  /** Record fields that must have been produced by an earlier stage. */
  requires: (keyof ChartRecord)[];
  produces: (keyof ChartRecord)[];
  /** A strict zod object schema with defaults: unknown keys are config errors. */
  options: z.ZodType<O>;
}

export interface ChartStage<O = unknown> extends StageBase<O> {
  kind: 'chart';
  setup(options: O, ctx: StageContext): ChartFn | Promise<ChartFn>;
}

export interface SinkStage<O = unknown> extends StageBase<O> {
  kind: 'sink';
  setup(options: O, ctx: SinkContext): Sink | Promise<Sink>;
}

export type Stage<O = unknown> = ChartStage<O> | SinkStage<O>;
