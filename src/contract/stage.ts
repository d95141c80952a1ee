/**
 * The stage contract. `setup` runs once per run (load rules, build lexicons); the function it
 * returns runs once per chart. A sink (the batch writer) receives finished records in chart-id
 * order and is closed once at the end.
 */
import type { z } from 'zod';
import type { ChartRecord, EncounterType } from './chart-record.js';
import type { CodeSetRegistry } from './code-sets.js';
import type { SharedTables } from './shared-tables.js';

export interface StageContext {
  /** Code systems in force for this run. */
  codeSets: CodeSetRegistry;
  /** Pipeline name and default encounter type, for stages whose rules depend on them. */
  pipeline: { name: string; encounterType: EncounterType; configPath: string };
  /** The batch being written, when the stage runs inside `runBatch` (absent for `explain` and tests). */
  batch?: BatchRef;
  /**
   * Tables shared with the run's other worker threads, for this set of code-set releases and pipeline (absent on
   * a single thread: the stage builds its tables itself). See shared-tables.ts.
   */
  shared?: SharedTables;
}

export interface BatchRef {
  id: string;
  /** The batch's working folder (`.<id>.partial` until committed). */
  dir: string;
  /** Output formats the sink writes (`--format`; the sink's default when absent). */
  formats?: string[];
  /** Some input names an encounter (manifest `encounter_id`): the outputs are per encounter, with its columns. */
  encounters?: boolean;
}

/** A stage's run-wide part: opened once per batch on the calling thread, before any chart is coded. */
export interface BatchService {
  /** After the last chart; what it returns is recorded in the manifest under `stageReports.<stage>`. */
  close(): Promise<unknown>;
}

export type ChartFn = (record: ChartRecord) => ChartRecord | Promise<ChartRecord>;

/** What the whole batch came to, over every chart the sink received (resumed runs included). */
export interface BatchTotals {
  charts: number;
  failed: number;
  codes: number;
  auto: number;
  stageMs: Record<string, number>;
  /** system → the code-set releases that coded the charts, sorted. */
  codeSets: Record<string, string[]>;
  /** The sink's files by output name (`codes`, `charts`, `jsonl`, `fhir`), each list in order. */
  files: Record<string, string[]>;
}

/** A finished chart as it leaves a worker: already encoded by the sink (strings and numbers cross threads cheaply). */
export interface CodedChart {
  id: string;
  failed: boolean;
  /** An encounter: how many documents (charts) it holds and how many of them failed. */
  documents?: { total: number; failed: number };
  /** What the sink's `encoder` made of the record; only that sink reads it. */
  encoded: unknown;
}

/** Turns a finished record into what the sink writes; pure, so it runs in the worker thread. */
export type EncodeChart = (record: ChartRecord) => unknown;

export interface Sink {
  /** Charts an earlier, interrupted run of this batch already wrote: the runner does not code them again. */
  done: ReadonlySet<string>;
  /** Charts the interrupted run wrote whose input file changed or went missing since: coded again, not kept. */
  changedInputs?: readonly string[];
  /** `chart.encoded` was made by this sink stage's `encoder`. */
  write(chart: CodedChart): Promise<void>;
  /** Finish the batch files. */
  close(): Promise<BatchTotals>;
  /**
   * The run failed before `close`: close the files as they stand, finishing nothing (`--resume` goes on from
   * them). Without it their handles would wait for the garbage collector, one set per failed run.
   */
  abandon(): Promise<void>;
}

/**
 * What the run-wide parts (the sink, stage services) see, on the calling thread. No code sets: each chart's
 * releases are chosen where it is coded, by its date of service.
 */
export interface BatchContext {
  pipeline: StageContext['pipeline'];
  /** `dir` is the folder the sink writes into (a temporary folder the runner commits). */
  batch: BatchRef;
  /** The code-set store the charts are coded from (absent: the embedded starter set). */
  codeStore?: string;
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
  /**
   * Reads one document (ingest, sectionize): in an encounter of several documents the pipeline's leading
   * per-document stages run on each document alone, and the rest on the documents joined (see pipeline/code-encounter).
   */
  perDocument?: boolean;
  setup(options: O, ctx: StageContext): ChartFn | Promise<ChartFn>;
  /**
   * Optional: read and validate the stage's data files (rules, calibration) without code sets. Called when the
   * config is loaded, so a missing or bad file is a config error before the first chart, not a failure of every chart.
   */
  check?(options: O): void;
  /** Optional: something every worker's chart function shares (a model client, a call budget). */
  openBatch?(options: O, ctx: BatchContext): Promise<BatchService>;
  /**
   * True when `setup` uses `ctx.batch` (the batch folder): a worker thread that stays up between batches sets
   * the stage up again for each batch instead of keeping it (see pipeline/warm-sets).
   */
  setupPerBatch?: boolean;
}

export interface SinkStage<O = unknown> extends StageBase<O> {
  kind: 'sink';
  setup(options: O, ctx: BatchContext): Sink | Promise<Sink>;
  /**
   * Everything per chart the sink needs, made in the worker thread next to the chart stages (for the
   * review batch: the chart's CSV lines and counts), so the thread that writes the batch only moves bytes.
   */
  encoder(options: O, batch: BatchRef): EncodeChart;
}

export type Stage<O = unknown> = ChartStage<O> | SinkStage<O>;

/** A stage of any options type, as a list of stages holds them (each stage checks its own options). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- options differ per stage; `unknown` would refuse them
export type AnyStage = Stage<any>;
/** The sink, of any options type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as AnyStage
export type AnySinkStage = SinkStage<any>;
