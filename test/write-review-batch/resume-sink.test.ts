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
    system: 'icd10cm', code: `E11.${k}`, title: `Type 2 — café ${k}`, confidence: 0.5, status: 'review', flags: ['low_confidence'], alternatives: [],
    evidence: [{ range: { start: k * 10, end: k * 10 + 4 }, text: 'café', section: 'assessment', page: 1, mentionId: `m${k}`, assertion: 'present' }],
    features: { matchType: 'exact' },
  }));
  r.trace.push({ stage: 'ingest', ms: 1 });
  r.codeSets = { icd10cm: 'starter' };
  return { id, failed: false, encoded: writeReviewBatchStage.encoder({ maxRowsPerFile: 5 }, batch)(r) };
}

const open = async (dir: string): Promise<Sink> => {
  const ctx: BatchContext = { pipeline: { name: 't', encounterType: 'outpatient', configPath: 'x' }, batch: { id: 'b', dir, formats: FORMATS } };
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

/** Writes the first `k` charts and stops without closing, as a killed run does (after its buffers reached the disk). */
async function interrupted(k: number): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-sink-killed-'));
  const sink = await open(dir);
  for (let i = 0; i < k; i++) await sink.write(chart(i));
  await new Promise((r) => setTimeout(r, 600)); // the writers flush within 250 ms
  return dir;
}

/** The part being written when the run stopped: the highest numbered (the first is still `<base>.csv`). */
const currentPart = (dir: string, base: string) => readdirSync(dir).filter((f) => f.startsWith(`${base}-`)).sort().at(-1) ?? `${base}.csv`;

async function resumeAndCompare(dir: string, expectDone: number): Promise<void> {
  const sink = await open(dir);
  expect(sink.done.size).toBe(expectDone);
  expect([...sink.done]).toEqual(Array.from({ length: expectDone }, (_, i) => chart(i).id));
  const files = await writeAll(sink, expectDone);
  const want = await straight();
  expect(files).toEqual([...want.keys()]);
  for (const [f, bytes] of want) expect(readFileSync(path.join(dir, f)).equals(bytes), f).toBe(true);
  const onDisk = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath, d.name)));
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

describe('write-review-batch resuming a journal it cannot read', () => {
  it('refuses with a clear error naming no chart text', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-sink-old-'));
    appendFileSync(path.join(dir, JOURNAL), '{"id":"c000","failed":false,"codeCsv":"b,c000,icd10cm,E11.9\\r\\n"}\n');
    const error = await open(dir).catch((e: Error) => e);
    expect(String(error)).toMatch(/journal of this interrupted batch is unreadable/);
    expect(String(error)).not.toContain('E11.9');
  });
});
