/**
 * `<batch>/review-index.json`: the batch index (one entry per chart: what the work list shows and filters on,
 * and where its rows are) kept beside the batch, so the review page starts at once the second time instead
 * of reading every row of codes.csv again (about 5–25 s for 50,000 charts). It is trusted only while every
 * batch file it was built from has the same name, size and modification time; otherwise, or when it does not
 * parse, the index is built again. Written owner-only (0600) through a temporary file and a rename, so a
 * reader never sees half a file and two servers starting at once simply both write a whole one. It holds
 * chart ids, paths, counts and flag names, never chart text.
 */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChartEntry } from './chart-entry.js';

export const INDEX_CACHE_FILE = 'review-index.json';
/** Raised whenever the layout below changes, so an older cache is rebuilt rather than misread. */
const VERSION = 4;

export interface SourceFile {
  name: string;
  size: number;
  mtimeMs: number;
}

/**
 * One chart as a tuple: keyed objects would repeat every key 50,000 times and parse about three times slower.
 * Repeated strings (folders, kinds, flags, file names) are numbers into `strings`.
 */
type Tuple = [
  id: string,
  folder: number,
  base: string,
  kind: number,
  sha256: string,
  encounter: number,
  date: string,
  status: number,
  issues: number[],
  priority: number,
  codes: number,
  review: number,
  hcc: number,
  flags: number[],
  rows: [file: number, start: number, end: number] | 0,
  mentions: [file: number, start: number, end: number] | 0,
  documentType: number,
  ocrPages: string,
  ocrConfidence: string,
];

interface CacheFile {
  version: number;
  sources: SourceFile[];
  strings: string[];
  /** Each codes file's header columns, by file name. */
  columns: Record<string, string[]>;
  charts: Tuple[];
}

/** Name, size and modification time of each file the index is built from. */
export function sourcesOf(dir: string, names: string[]): SourceFile[] {
  return names.map((name) => {
    const st = statSync(path.join(dir, name));
    return { name, size: st.size, mtimeMs: st.mtimeMs };
  });
}

/** The cached entries, or undefined when there is no cache, it is stale or it does not parse. */
export function readIndexCache(dir: string, sources: SourceFile[]): ChartEntry[] | undefined {
  try {
    const cache = JSON.parse(readFileSync(path.join(dir, INDEX_CACHE_FILE), 'utf8')) as CacheFile;
    if (cache?.version !== VERSION || JSON.stringify(cache.sources) !== JSON.stringify(sources)) return undefined;
    const str = (i: number) => {
      const v = cache.strings[i];
      if (v === undefined) throw new Error('damaged cache');
      return v;
    };
    return cache.charts.map((t) => {
      const [
        id,
        folder,
        base,
        kind,
        sha256,
        encounter,
        date,
        status,
        issues,
        priority,
        codes,
        review,
        hcc,
        flags,
        rows,
        mentions,
        documentType,
        ocrPages,
        ocrConfidence,
      ] = t;
      const entry: ChartEntry = {
        id,
        path: path.join(str(folder), base),
        kind: str(kind),
        sha256,
        encounterType: str(encounter),
        dateOfService: date,
        status: str(status) === 'failed' ? 'failed' : 'ok',
        issueCodes: issues.map(str),
        documentType: str(documentType),
        ocr: { pages: ocrPages, confidence: ocrConfidence },
        priority,
        codes,
        review,
        hcc,
        flags: flags.map(str),
      };
      if (rows)
        entry.rows = {
          file: path.join(dir, str(rows[0])),
          columns: cache.columns[str(rows[0])] ?? [],
          start: rows[1],
          end: rows[2],
        };
      if (mentions) entry.mentions = { file: path.join(dir, str(mentions[0])), start: mentions[1], end: mentions[2] };
      return entry;
    });
  } catch {
    return undefined;
  }
}

/** Write the cache; false when the folder is not writable (the page works without it, just starts slower). */
export function writeIndexCache(dir: string, sources: SourceFile[], charts: ChartEntry[]): boolean {
  const strings: string[] = [];
  const seen = new Map<string, number>();
  const intern = (v: string) => seen.get(v) ?? (seen.set(v, strings.push(v) - 1), strings.length - 1);
  const columns: Record<string, string[]> = {};
  const range = (r: { file: string; start: number; end: number } | undefined): Tuple[14] =>
    r ? [intern(path.basename(r.file)), r.start, r.end] : 0;
  const tuples = charts.map((c): Tuple => {
    if (c.rows) columns[path.basename(c.rows.file)] ??= c.rows.columns;
    return [
      c.id,
      intern(path.dirname(c.path)),
      path.basename(c.path),
      intern(c.kind),
      c.sha256,
      intern(c.encounterType),
      c.dateOfService,
      intern(c.status),
      c.issueCodes.map(intern),
      c.priority,
      c.codes,
      c.review,
      c.hcc,
      c.flags.map(intern),
      range(c.rows),
      range(c.mentions),
      intern(c.documentType),
      c.ocr.pages,
      c.ocr.confidence,
    ];
  });
  const body: CacheFile = { version: VERSION, sources, strings, columns, charts: tuples };
  const tmp = path.join(dir, `${INDEX_CACHE_FILE}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, JSON.stringify(body), { mode: 0o600 });
    renameSync(tmp, path.join(dir, INDEX_CACHE_FILE));
    return true;
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
}
