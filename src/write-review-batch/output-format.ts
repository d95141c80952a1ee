/**
 * An output format of the review batch as a small plug-in of the batch writer. Each format:
 * - `encode`s one finished chart in the worker that coded it (text ready to append, plus its sizes),
 * - `open`s its files on the batch thread, anew or from where an interrupted run's journal says it ended
 *   (cutting back whatever a crash left after that point),
 * - says how many journaled positions the files on disk hold byte for byte (`intact`: a resume keeps only those charts),
 * - lists its files for manifest.json when closed.
 * The writer knows formats only through this interface; adding one is a new file and a line in `FORMATS`
 * (see formats.ts).
 */
import type { ChartRecord } from '../contract/chart-record.js';

export type FormatName = 'csv' | 'jsonl' | 'fhir' | 'text';

/** What every format is told when the batch is written. */
export interface FormatOptions {
  /** Data rows per CSV file before a new part starts (see csv-parts). */
  maxRowsPerFile: number;
  /** The batch has encounters: the CSV files end with an `encounter_id` column. */
  encounters?: boolean;
}

export interface FormatWriter<Encoded, Position> {
  /** Appends one chart (made by the format's `encode`), in chart-id order. */
  write(chart: Encoded): Promise<void>;
  /** Where the files end after the charts written so far; the journal keeps it with each chart. */
  position(): Position;
  /** Finishes the files; returns them by output name (`{codes: ['codes.csv'], charts: [...]}`), in order. */
  close(): Promise<Record<string, string[]>>;
  /** Closes the files as they stand, finishing nothing: the run failed and `--resume` goes on from them. */
  abandon(): Promise<void>;
}

export interface OutputFormat<Encoded = unknown, Position = unknown> {
  name: FormatName;
  /** Pure, run in the worker thread: what this format writes for one chart. */
  encode(record: ChartRecord, batchId: string): Encoded;
  /**
   * Opens the format's files in `dir`. `kept`: the positions journaled for the charts an interrupted run wrote,
   * in order (empty for a new batch): the files are cut back to the last and anything after it removed.
   */
  open(dir: string, opts: FormatOptions, kept: Position[]): FormatWriter<Encoded, Position>;
  /**
   * How many of `kept` (the journaled positions, in order) the files in `dir` hold byte for byte, checked by the
   * CRC-32 each position carries (a crash may have cut them short, a power cut zero-filled a tail, a disk damaged them).
   */
  intact(dir: string, kept: readonly Position[]): number;
}
