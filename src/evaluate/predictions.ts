/** A batch's suggestions as the evaluation sees them, read back from its codes and charts CSV files (all parts). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CodeSystemId } from '../contract/chart-record.js';
import { canonicalCode } from '../code-systems/code-system.js';
import { ChartcoderError } from '../contract/errors.js';
import { partFiles } from '../write-review-batch/csv-parts.js';
import { parseMoreEvidence, spansIn } from '../write-review-batch/more-evidence.js';

export interface Prediction {
  chartId: string;
  system: CodeSystemId;
  code: string;
  confidence: number;
  status: 'auto' | 'review';
  section: string;
  assertion: string;
  /** Every evidence range in this chart's text: the first, then more_evidence's (not those in another document). */
  ranges: { start: number; end: number }[];
  /** The code's title in the code set in force (codes.csv `description`). */
  title?: string;
  /** Flag reasons as written (`query_provider:laterality`, `low_confidence`). */
  flags?: string[];
  /** Diagnoses: reporting order, 1 = first-listed; absent for procedures. */
  sequence?: number;
  /** Procedures: the diagnosis codes that support it, first the primary one. */
  pointers?: string[];
  /** The second-opinion stage's verdict and code, when it ran on this row. */
  secondOpinion?: { verdict: string; code?: string };
}

export interface BatchCharts {
  predictions: Prediction[];
  /** chart id → file path and status, from charts.csv. */
  charts: Map<string, { path: string; status: string }>;
}

/** Undo csv formula escaping (a leading `'` before = + - @). */
export const unescape = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

const list = (cell: string | undefined) =>
  (cell ?? '')
    .split(';')
    .map((s) => unescape(s.trim()))
    .filter(Boolean);

export function readBatch(dir: string): BatchCharts {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    // reported below as a missing file
  }
  const read = (base: string) => {
    const files = partFiles(names, base);
    if (files.length === 0)
      throw new ChartcoderError('INPUT_NOT_FOUND', `expected a finished batch with ${base}.csv`, dir);
    return files.flatMap((f) => {
      try {
        return parse(readFileSync(path.join(dir, f)), { columns: true, bom: true }) as Record<string, string>[];
      } catch (e) {
        const code = (e as { code?: string }).code ?? (e as Error).name;
        throw new ChartcoderError(
          'INPUT_BATCH_INVALID',
          `expected a batch CSV file as chartcoder writes it, found one it cannot read (${code}): truncated or edited?`,
          path.join(dir, f),
        );
      }
    });
  };
  const predictions = read('codes').map((r) => {
    const system = r.system as CodeSystemId;
    const chartId = unescape(r.chart_id!);
    // Spans in another document of the encounter are not offsets into this chart's text: left out here.
    const more = spansIn(parseMoreEvidence(r.more_evidence), chartId);
    return {
      chartId,
      system,
      code: canonicalCode(system, r.code!),
      confidence: Number(r.confidence),
      status: r.status as 'auto' | 'review',
      section: r.section!,
      assertion: r.assertion!,
      ranges: [{ start: Number(r.start), end: Number(r.end) }, ...more],
      title: unescape(r.description ?? ''),
      flags: list(r.flag_reasons),
      ...(r.sequence ? { sequence: Number(r.sequence) } : {}),
      pointers: list(r.dx_pointers).map((c) => canonicalCode('icd10cm', c)),
      ...(r.second_opinion
        ? {
            secondOpinion: {
              verdict: r.second_opinion,
              ...(r.second_opinion_code ? { code: canonicalCode(system, r.second_opinion_code) } : {}),
            },
          }
        : {}),
    };
  });
  const charts = new Map(
    read('charts').map((r) => [unescape(r.chart_id!), { path: unescape(r.path!), status: r.status! }]),
  );
  return { predictions, charts };
}
