/**
 * A finished batch as the review page reads it, without holding its codes in memory: one pass over
 * charts.csv and codes.csv (all parts), and codes.jsonl when the batch has it, keeps, per chart, what the work
 * list shows and filters on, and the byte range of its rows in codes.csv (a chart's rows are contiguous and
 * never split across parts) and of its line in codes.jsonl. Opening a chart reads and parses only those
 * ranges, so a 50,000-chart batch pages and opens at once. The pass is kept in review-index.json (see
 * index-cache) so the next start skips it. The batch's own files are only read.
 */
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { ChartcoderError } from '../contract/errors.js';
import { unescape } from '../evaluate/predictions.js';
import { partFiles } from '../write-review-batch/csv-parts.js';
import { JSONL_FILE } from '../write-review-batch/jsonl-format.js';
import { parseMoreEvidence, spansIn } from '../write-review-batch/more-evidence.js';
import { batchReadOptions, type BatchReadOptions } from './batch-read-options.js';
import { readRange, type ChartEntry } from './chart-entry.js';
import { indexMentions } from './chart-mentions.js';
import type { CodeRow } from './wire.js';
import { readIndexCache, sourcesOf, writeIndexCache } from './index-cache.js';
import { csvColumns } from './csv-columns.js';

export type { ChartEntry, CodeRow };

export interface BatchIndex {
  dir: string;
  batchId: string;
  /** Charts by priority, highest first, then by id. */
  charts: ChartEntry[];
  byId: Map<string, ChartEntry>;
  /** The code-set store the batch was coded with, from manifest.json (absent: the embedded starter set). */
  codeStore?: string;
  /** The ingest options the batch was coded with (from manifest.json), to read its charts the same way. */
  read: BatchReadOptions;
  /** Whether the entries came from review-index.json or were built from the batch files just now. */
  from: 'cache' | 'batch';
  /** Resolves once every chart's rows are indexed (at once from review-index.json; see `background`). */
  ready: Promise<void>;
  /** True while codes.csv is being indexed: flags, HCC counts and row ranges are not all known yet. */
  indexing: boolean;
}

export const flagName = (flag: string) => flag.split(':')[0]!.trim();
const split = (s: string, sep: string) =>
  s
    .split(sep)
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * `writeCache`: keep the index in review-index.json for the next start (the review server does; reports only
 * read it). `background`: return once charts.csv is read (the work list's order, counts, statuses and filters
 * but flags and HCC), and index codes.csv and codes.jsonl after it (`ready`): on a new 50,000-chart batch the
 * first page of the work list shows in about a second instead of after the whole pass.
 */
export async function indexBatch(
  dir: string,
  opts: { writeCache?: boolean; background?: boolean } = {},
): Promise<BatchIndex> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new ChartcoderError('INPUT_NOT_FOUND', 'expected a batch folder', dir);
  }
  if (!names.includes('_SUCCESS'))
    throw new ChartcoderError('INPUT_NOT_FOUND', 'expected a finished batch (with _SUCCESS)', dir);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    batchId?: string;
    codeSets?: { store?: string };
  };
  const jsonl = names.includes(JSONL_FILE) ? [JSONL_FILE] : [];
  const sources = sourcesOf(dir, [...partFiles(names, 'charts'), ...partFiles(names, 'codes'), ...jsonl]);
  const cached = readIndexCache(dir, sources);
  const charts = cached ?? readCharts(dir, names);
  const byId = new Map(charts.map((c) => [c.id, c]));
  const store = manifest.codeSets?.store;
  const index: BatchIndex = {
    dir,
    batchId: manifest.batchId ?? path.basename(dir),
    charts,
    byId,
    from: cached ? 'cache' : 'batch',
    read: batchReadOptions(manifest),
    ready: Promise.resolve(),
    indexing: false,
    ...(store ? { codeStore: store } : {}),
  };
  if (cached) return index;
  index.indexing = true;
  index.ready = indexRows(dir, names, jsonl, byId).then(() => {
    index.indexing = false;
    if (opts.writeCache) writeIndexCache(dir, sources, charts);
  });
  if (!opts.background) await index.ready;
  else index.ready.catch(() => undefined); // a failure is met by whoever awaits `ready`
  return index;
}

/** charts.csv columns the index reads. */
const CHART_COLUMNS = [
  'chart_id',
  'path',
  'kind',
  'sha256',
  'encounter_type',
  'date_of_service',
  'status',
  'issue_codes',
  'document_type',
  'ocr_pages',
  'ocr_confidence',
  'priority',
  'codes',
  'codes_review',
] as const;
type ChartColumns = Partial<Record<(typeof CHART_COLUMNS)[number], string[]>>;

/**
 * Every chart's entry from charts.csv, by priority, highest first, then by id. Read as column arrays
 * (csv-columns), not a keyed object per row: on a new 50,000-chart batch this is what the first page waits for.
 */
function readCharts(dir: string, names: string[]): ChartEntry[] {
  const charts: ChartEntry[] = [];
  for (const file of partFiles(names, 'charts')) {
    const at = path.join(dir, file);
    const cols: ChartColumns = csvColumns(readFileSync(at, 'utf8'), CHART_COLUMNS, at);
    const rows = cols.chart_id?.length ?? 0;
    for (let i = 0; i < rows; i++) charts.push(chartEntry(cols, i));
  }
  return charts.sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Each chart's rows (counts, flags, HCC, byte range) from codes.csv, and its line in codes.jsonl. */
async function indexRows(dir: string, names: string[], jsonl: string[], byId: Map<string, ChartEntry>): Promise<void> {
  for (const file of partFiles(names, 'codes')) await indexCodes(path.join(dir, file), byId);
  for (const file of jsonl) await indexMentions(path.join(dir, file), byId);
}

function chartEntry(c: ChartColumns, i: number): ChartEntry {
  const cell = (name: keyof ChartColumns) => c[name]?.[i];
  const status = cell('status');
  const priority = cell('priority');
  return {
    id: unescape(cell('chart_id')!),
    path: unescape(cell('path')!),
    kind: cell('kind')!,
    sha256: cell('sha256')!,
    encounterType: cell('encounter_type')!,
    dateOfService: cell('date_of_service') ?? '',
    status: status === 'failed' ? 'failed' : 'ok',
    issueCodes: split(cell('issue_codes') ?? '', ';'),
    documentType: cell('document_type') ?? '',
    ocr: { pages: cell('ocr_pages') ?? '', confidence: cell('ocr_confidence') ?? '' },
    // a batch written before the priority column: failed first, then by review rows
    priority: priority !== undefined ? Number(priority) : status === 'failed' ? 100 : Number(cell('codes_review') ?? 0),
    // from charts.csv at once; codes.csv's own count replaces them when it is indexed
    codes: Number(cell('codes') ?? 0) || 0,
    review: Number(cell('codes_review') ?? 0) || 0,
    hcc: 0,
    flags: [],
  };
}

/**
 * One streaming pass over a codes file: counts, flags and each chart's byte range. Records are read as
 * arrays (the header gives the columns): about three times faster than csv-parse's keyed records.
 */
async function indexCodes(file: string, byId: Map<string, ChartEntry>): Promise<void> {
  const parser = createReadStream(file).pipe(parse({ bom: true, info: true }));
  let prevEnd = 0;
  let current: ChartEntry | undefined;
  let columns: string[] | undefined;
  let col = { id: 0, status: 0, hcc: 0, flags: 0 };
  const flags = new Set<string>();
  let n = { codes: 0, review: 0, hcc: 0 };
  const finish = () => {
    if (current) Object.assign(current, n, { flags: [...flags].sort() });
    flags.clear();
    n = { codes: 0, review: 0, hcc: 0 };
  };
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
    if (!columns) {
      // the first chart's rows start after the BOM and header line
      columns = record;
      col = {
        id: record.indexOf('chart_id'),
        status: record.indexOf('status'),
        hcc: record.indexOf('hcc'),
        flags: record.indexOf('flag_reasons'),
      };
      prevEnd = info.bytes;
      continue;
    }
    const id = unescape(record[col.id]!);
    if (current?.id !== id) {
      finish();
      current = byId.get(id);
      if (current) current.rows = { file, columns, start: prevEnd, end: prevEnd };
    }
    prevEnd = info.bytes;
    if (!current) continue;
    current.rows!.end = info.bytes;
    n.codes++;
    if (record[col.status] === 'review') n.review++;
    if (record[col.hcc]) n.hcc++;
    for (const f of split(record[col.flags] ?? '', ';')) flags.add(flagName(f));
  }
  finish();
}

/** The rows of one chart, read from its byte range. */
export function chartRows(entry: ChartEntry): CodeRow[] {
  if (!entry.rows) return [];
  const records = parseSync(readRange(entry.rows), { columns: entry.rows.columns }) as Record<string, string>[];
  return records.map(codeRow);
}

function codeRow(r: Record<string, string>): CodeRow {
  const chart = unescape(r.chart_id!);
  const spans = parseMoreEvidence(r.more_evidence);
  const elsewhere = spans.filter((s) => s.chart !== undefined && s.chart !== chart);
  return {
    system: r.system!,
    code: unescape(r.code!),
    description: unescape(r.description ?? ''),
    confidence: Number(r.confidence),
    status: r.status === 'auto' ? 'auto' : 'review',
    flags: split(unescape(r.flag_reasons ?? ''), ';'),
    section: r.section ?? '',
    page: Number(r.page),
    assertion: r.assertion ?? 'present',
    evidence: [{ start: Number(r.start), end: Number(r.end) }, ...spansIn(spans, chart)],
    ...(elsewhere.length ? { elsewhere: elsewhere.map((s) => ({ chart: s.chart!, start: s.start, end: s.end })) } : {}),
    alternatives: unescape(r.alternatives ?? ''),
    sequence: r.sequence ?? '',
    hcc: unescape(r.hcc ?? ''),
    dxPointers: r.dx_pointers ?? '',
  };
}
