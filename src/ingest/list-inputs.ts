/**
 * Turn what the user named (folders, files, or a manifest CSV) into the batch's chart list.
 * Every input becomes exactly one entry; problems found while listing (duplicate ids, unreadable
 * folders, bad manifest rows) ride along as `problem` and become failed charts, never silent drops.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ChartSource, EncounterType } from '../contract/chart-record.js';
import { ChartcoderError } from '../contract/errors.js';
import type { IssueCode } from '../contract/issue-codes.js';
import { IMAGE_EXTENSIONS } from './image-kind.js';
import { NOT_REGULAR_FILE } from './ingest-issue.js';

export interface ChartInput {
  id: string;
  path: string;
  encounterType?: EncounterType;
  dateOfService?: string;
  /** The manifest's `document_type` (lower case, words joined by _); absent: sectionize names it from the chart. */
  documentType?: string;
  /** Chart text already in memory (e.g. from a LangChain Document): ingest reads no file. */
  text?: string;
  /** A problem found while listing: the chart fails with this code and no stage runs. */
  problem?: { code: IssueCode; message: string };
  /** The manifest's `encounter_id`: every document of one encounter is coded as one (see pipeline/encounter-units). */
  encounterId?: string;
  /** The manifest's `patient_id`: the documents of one encounter must agree on it. */
  patientId?: string;
  /** An encounter as the runner hands it out: `id` is the encounter id and these are its documents, in chart-id order. */
  documents?: ChartInput[];
}

/**
 * The chart's kind by its name, before it is read (reading checks the first bytes): a PDF or a page image
 * may take seconds (OCR), a text note milliseconds.
 */
export function namedKind(input: ChartInput): ChartSource['kind'] {
  const ext = path.extname(input.path).toLowerCase();
  return ext === '.pdf' ? 'pdf' : IMAGE_EXTENSIONS.has(ext) ? 'image' : 'text';
}

/** `skip`: folders never listed (the batch output folder, when it lies inside an input folder). */
export function listInputs(args: string[], opts: { manifest?: string; skip?: string[] } = {}): ChartInput[] {
  const skip = new Set((opts.skip ?? []).map((d) => realOrResolved(d)));
  const inputs = opts.manifest ? readManifest(opts.manifest) : args.flatMap((a) => listPath(a, skip));
  if (inputs.length === 0) {
    throw new ChartcoderError(
      'INPUT_EMPTY',
      'expected at least one chart file, found none',
      args.join(', ') || opts.manifest,
    );
  }
  // Stable sort: among equal ids the earlier manifest row or listing entry keeps the id.
  return dedupeIds(inputs.sort((a, b) => cmp(a.id, b.id)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function realOrResolved(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

function listPath(p: string, skip: Set<string>): ChartInput[] {
  let st;
  try {
    st = statSync(p);
  } catch {
    throw new ChartcoderError(
      'INPUT_NOT_FOUND',
      'expected a chart file, a folder or a manifest, found nothing there',
      p,
    );
  }
  if (!st.isDirectory()) return [{ id: idFromName(path.basename(p)), path: p }];
  const out: ChartInput[] = [];
  walk(p, p, new Set(skip), out);
  return out;
}

/** Recursive listing that survives symlink loops and unreadable folders. Dotfiles are skipped. */
function walk(root: string, dir: string, seen: Set<string>, out: ChartInput[]): void {
  let real: string;
  let names: { name: string; utf8: boolean }[];
  try {
    real = realpathSync(dir);
    if (seen.has(real)) return; // a symlink back into a folder already listed, or the batch output folder
    seen.add(real);
    names = readdirSync(dir, { encoding: 'buffer' })
      .map(nameOf)
      .sort((a, b) => cmp(a.name, b.name));
  } catch (e) {
    const rel = path.relative(root, dir) || path.basename(dir);
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown';
    out.push({
      id: rel,
      path: dir,
      problem: { code: 'INGEST_UNREADABLE', message: `cannot list the folder (${code})` },
    });
    return;
  }
  for (const { name, utf8 } of names) {
    if (name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (!utf8) {
      // Node names files by UTF-8 strings: another encoding cannot be opened by that name (it would say ENOENT).
      out.push({
        id: idFromRelative(root, full),
        path: full,
        problem: {
          code: 'INPUT_NAME_NOT_UTF8',
          message: 'the file or folder name is not valid UTF-8: rename it to UTF-8 to code it',
        },
      });
      continue;
    }
    let st;
    try {
      st = statSync(full);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'unknown';
      out.push({
        id: idFromRelative(root, full),
        path: full,
        problem: { code: 'INGEST_UNREADABLE', message: `cannot read the file (${code})` },
      });
      continue;
    }
    if (st.isDirectory()) walk(root, full, seen, out);
    else if (st.isFile()) out.push({ id: idFromRelative(root, full), path: full });
    // A pipe, socket or device in a chart folder is listed as failed, not skipped: nothing is dropped unseen.
    else
      out.push({
        id: idFromRelative(root, full),
        path: full,
        problem: { code: 'INGEST_UNSUPPORTED_TYPE', message: NOT_REGULAR_FILE },
      });
  }
}

/** A name read from the disk as Node shows it (U+FFFD where it is not UTF-8), and whether it is UTF-8. */
function nameOf(raw: Buffer): { name: string; utf8: boolean } {
  const name = raw.toString('utf8');
  return { name, utf8: Buffer.from(name, 'utf8').equals(raw) };
}

function idFromName(name: string): string {
  return name.replace(/\.[^.]+$/, '');
}

function idFromRelative(root: string, full: string): string {
  return idFromName(path.relative(root, full).split(path.sep).join('/'));
}

/** The first of several inputs with one id keeps it; the others fail with INPUT_DUPLICATE_ID. */
function dedupeIds(inputs: ChartInput[]): ChartInput[] {
  const count = new Map<string, number>();
  return inputs.map((i) => {
    const n = (count.get(i.id) ?? 0) + 1;
    count.set(i.id, n);
    if (n === 1) return i;
    return {
      ...i,
      id: `${i.id}~${n}`,
      problem: { code: 'INPUT_DUPLICATE_ID', message: `chart id ${i.id} is used by an earlier input` },
    };
  });
}

const ENCOUNTER_TYPES = new Set(['outpatient', 'inpatient']);

function readManifest(file: string): ChartInput[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // Arrays, not objects, and any number of cells: a ragged row fails that chart only, with its line.
    records = parse(readFileSync(file), {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof records;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new ChartcoderError('INPUT_NOT_FOUND', 'expected a manifest CSV, found nothing there', file);
    throw new ChartcoderError(
      'INPUT_MANIFEST_INVALID',
      `expected CSV with a header row (${code ?? 'parse error'})`,
      file,
    );
  }
  const header = (records[0]?.record ?? []).map((c) => c.trim().toLowerCase());
  if (!header.includes('chart_id') || !header.includes('path')) {
    throw new ChartcoderError(
      'INPUT_MANIFEST_INVALID',
      'expected columns chart_id, path [, encounter_type, date_of_service, document_type, encounter_id, patient_id]',
      file,
    );
  }
  const base = path.dirname(file);
  return records.slice(1).map(({ record, info }) => {
    const row = Object.fromEntries(header.map((h, i) => [h, record[i] ?? '']));
    const input = manifestRow(row, info.lines, base, file);
    if (record.length === header.length || input.problem) return input;
    const message = `${path.basename(file)} line ${info.lines}: expected ${header.length} cells as in the header, found ${record.length}`;
    return { ...input, problem: { code: 'INPUT_MANIFEST_ROW_INVALID', message } };
  });
}

/** Whether `dos` is a real calendar day written YYYY-MM-DD (2026-02-30 is not). */
function isCalendarDate(dos: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dos)) return false;
  const d = new Date(`${dos}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === dos;
}

function manifestRow(r: Record<string, string>, line: number, base: string, file: string): ChartInput {
  const input: ChartInput = { id: r.chart_id || `line-${line}`, path: path.resolve(base, r.path ?? '') };
  const bad = (message: string): ChartInput => ({
    ...input,
    problem: { code: 'INPUT_MANIFEST_ROW_INVALID', message: `${path.basename(file)} line ${line}: ${message}` },
  });
  // Read first, so a bad row still fails inside its encounter (the rest of it is coded and flagged).
  if (r.encounter_id) input.encounterId = r.encounter_id;
  if (r.patient_id) input.patientId = r.patient_id;
  if (!r.chart_id) return bad('expected a chart_id, found an empty cell');
  if (!r.path) return bad('expected a path, found an empty cell');
  const type = r.encounter_type?.toLowerCase();
  if (type) {
    if (!ENCOUNTER_TYPES.has(type))
      return bad('expected encounter_type outpatient or inpatient, found another value (input cells are never quoted)');
    input.encounterType = type as EncounterType;
  }
  const dos = r.date_of_service;
  if (dos) {
    if (!isCalendarDate(dos)) return bad('expected date_of_service as a calendar date YYYY-MM-DD');
    input.dateOfService = dos;
  }
  const doc = r.document_type?.toLowerCase().replace(/[\s-]+/g, '_');
  if (doc) {
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(doc))
      return bad(
        'expected document_type as a name of up to 40 letters, digits, spaces, - or _ (e.g. discharge_summary)',
      );
    input.documentType = doc;
  }
  return input;
}
