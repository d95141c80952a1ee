import { appendFileSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CodeSuggestion } from '../../src/contract/chart-record.js';
import { newRecord } from '../../src/pipeline/process-chart.js';
import type { BatchContext, BatchRef, CodedChart, Sink } from '../../src/contract/stage.js';
import { JOURNAL } from '../../src/write-review-batch/journal.js';
import { writeReviewBatchStage } from '../../src/write-review-batch/write-review-batch-stage.js';

const N = 40;
const FORMATS = ['csv', 'jsonl', 'fhir'];

/** Chart `i`: i % 4 codes (some charts none), with non-ASCII text so byte and character counts differ. */
function chart(i: number, batch: BatchRef = { id: 'b', dir: '', formats: FORMATS }): CodedChart {
  const id = `c${String(i).padStart(3, '0')}`;
  const r = newRecord({ id, path: `/charts/${id} é.txt` }, 'outpatient');
  r.codes = Array.from({ length: i % 4 }, (_, k): CodeSuggestion => ({
    system: 'icd10cm',
    code: `E11.${k}`,
    title: `Type 2 — café ${k}`,
    confidence: 0.5,
    status: 'review',
    flags: ['low_confidence'],
    alternatives: [],
    evidence: [
      {
        range: { start: k * 10, end: k * 10 + 4 },
        text: 'café',
        section: 'assessment',
        page: 1,
        mentionId: `m${k}`,
        assertion: 'present',
      },
    ],
    features: { matchType: 'exact' },
  }));
  r.trace.push({ stage: 'ingest', ms: 1 });
  r.codeSets = { icd10cm: 'starter' };
  return { id, failed: false, encoded: writeReviewBatchStage.encoder({ maxRowsPerFile: 5 }, batch)(r) };
}

const open = async (dir: string): Promise<Sink> => {
  const ctx: BatchContext = {
    pipeline: { name: 't', encounterType: 'outpatient', configPath: 'x' },
    batch: { id: 'b', dir, formats: FORMATS },
  };
  return writeReviewBatchStage.setup({ maxRowsPerFile: 5 }, ctx);
};

async function writeAll(sink: Sink, from: number): Promise<string[]> {
  for (let i = from; i < N; i++) await sink.write(chart(i));
  const totals = await sink.close();
  expect(totals.charts).toBe(N);
  return Object.values(totals.files).flat();
}

/** The files of a batch written in one go, name → bytes. */
async function straight(): Promise<Map<string, Buffer>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-sink-straight-'));
  const files = await writeAll(await open(dir), 0);
  return new Map(files.map((f) => [f, readFileSync(path.join(dir, f))]));
}

/**
 * Writes the first `k` charts and stops without finishing, as a run killed after its buffers reached the disk:
 * `abandon` writes what waits in memory and closes the files as they stand (no part renamed, journal kept).
 */
async function interrupted(k: number): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-sink-killed-'));
  const sink = await open(dir);
  for (let i = 0; i < k; i++) await sink.write(chart(i));
  await sink.abandon();
  return dir;
}

/** The part being written when the run stopped: the highest numbered (the first is still `<base>.csv`). */
const currentPart = (dir: string, base: string) =>
  readdirSync(dir)
    .filter((f) => f.startsWith(`${base}-`))
    .sort()
    .at(-1) ?? `${base}.csv`;

async function resumeAndCompare(dir: string, expectDone: number): Promise<void> {
  const sink = await open(dir);
  expect(sink.done.size).toBe(expectDone);
  expect([...sink.done]).toEqual(Array.from({ length: expectDone }, (_, i) => chart(i).id));
  const files = await writeAll(sink, expectDone);
  const want = await straight();
  expect(files).toEqual([...want.keys()]);
  for (const [f, bytes] of want) expect(readFileSync(path.join(dir, f)).equals(bytes), f).toBe(true);
  const onDisk = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)));
  expect(onDisk.sort()).toEqual([...want.keys()].sort());
}

describe('write-review-batch after a crash', () => {
  it('cuts rows written after the last journaled chart and a torn journal line, then ends byte-identical', async () => {
    const dir = await interrupted(23);
    appendFileSync(path.join(dir, currentPart(dir, 'codes')), 'b,c023,icd10cm,E11.0,half a row'); // rows of a chart never journaled
    appendFileSync(path.join(dir, 'codes-0099.csv'), 'a stray later part\r\n');
    appendFileSync(path.join(dir, JOURNAL), '{"id":"c023","fail'); // torn mid-line
    appendFileSync(path.join(dir, 'codes.jsonl'), '{"batch_id":"b","chart_id":"c023","sta'); // a line never journaled
    writeFileSync(path.join(dir, 'fhir', 'c023.json'), '{"resourceType":"Bu'); // a bundle cut short by the kill
    await resumeAndCompare(dir, 23);
  });

  it('codes again the charts whose JSON line had not reached codes.jsonl, though journaled', async () => {
    const dir = await interrupted(23);
    const file = path.join(dir, 'codes.jsonl');
    truncateSync(file, statSync(file).size - 10);
    await resumeAndCompare(dir, 22);
  });

  it('codes again the charts whose rows had not reached the CSV file, though journaled', async () => {
    const dir = await interrupted(23);
    const last = currentPart(dir, 'charts');
    truncateSync(path.join(dir, last), statSync(path.join(dir, last)).size - 10); // the last chart's row cut short
    await resumeAndCompare(dir, 22);
  });

  it('starts anew when nothing was journaled', async () => {
    const dir = await interrupted(0);
    await resumeAndCompare(dir, 0);
  });
});

describe('write-review-batch after damage the size does not show', () => {
  /** Overwrites `n` bytes of `file` at `at` (negative: from the end) with `fill`, keeping its size. */
  const damage = (file: string, at: number, n: number, fill: number) => {
    const bytes = readFileSync(file);
    const from = at < 0 ? bytes.length + at : at;
    bytes.fill(fill, from, from + n);
    writeFileSync(file, bytes);
  };

  it('codes again from the chart whose CSV rows were changed in place', async () => {
    const dir = await interrupted(23);
    damage(path.join(dir, 'charts-0003.csv'), 200, 1, 0x5a); // inside c010's row (charts c010-c014 are in part 3)
    await resumeAndCompare(dir, 10);
  });

  it('codes again the charts a zero-filled tail (a power cut) overwrote', async () => {
    const dir = await interrupted(23);
    damage(path.join(dir, currentPart(dir, 'charts')), -10, 10, 0);
    await resumeAndCompare(dir, 22);
  });

  it('codes again from a FHIR bundle changed in place, and from a damaged journal line', async () => {
    const fhir = await interrupted(23);
    damage(path.join(fhir, 'fhir', 'c007.json'), 30, 1, 0x5a);
    await resumeAndCompare(fhir, 7);
    const journal = await interrupted(23);
    const lines = readFileSync(path.join(journal, JOURNAL), 'utf8').split('\n');
    lines[5] = lines[5]!.replace('"codes":1', '"codes":7'); // still JSON, same size: only its checksum tells
    expect(lines[5]).toContain('"codes":7');
    writeFileSync(path.join(journal, JOURNAL), lines.join('\n'));
    await resumeAndCompare(journal, 5);
  });
});

describe('write-review-batch resuming a journal it cannot read', () => {
  it('codes every chart again from a journal written by an older chartcoder', async () => {
    const dir = await interrupted(23);
    const lines = readFileSync(path.join(dir, JOURNAL), 'utf8').split('\n');
    writeFileSync(path.join(dir, JOURNAL), lines.map((l) => l.slice(9)).join('\n')); // no checksums
    await resumeAndCompare(dir, 0);
  });
});
