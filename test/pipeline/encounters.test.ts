import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { batchFiles } from '../support/batch-files.js';
import { cli } from '../support/cli.js';
import { fhirErrors } from '../support/fhir-schema.js';

/**
 * Encounters that span documents (manifest `encounter_id`), run through the CLI on the fixture charts: a discharge
 * summary and an operative report of one stay coded as one encounter, an encounter with a PDF that cannot be read,
 * one whose documents disagree on the date of service, and a chart outside any encounter.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const chart = (name: string) => path.join(packageRoot, 'fixtures', 'charts', `${name}.txt`);
const ROWS = [
  `dc-hip,${chart('dc-hip-fracture-orif-left')},inpatient,2026-09-20,E1,P001`,
  `op-knee,${chart('op-total-knee-arthroplasty-right')},inpatient,2026-09-20,E1,P001`,
  `ov-dm,${chart('ov-diabetes-neuropathy')},outpatient,2026-09-21,,P002`,
  `bad1,${path.join(packageRoot, 'fixtures', 'charts', 'missing.pdf')},outpatient,2026-09-22,E2,`,
  `ov-ckd,${chart('ov-endo-diabetes-ckd')},outpatient,2026-09-22,E2,`,
  `mis1,${chart('ed-asthma-exacerbation')},outpatient,2026-09-22,E3,`,
  `mis2,${chart('ed-syncope-elderly')},outpatient,2026-09-23,E3,`,
];

let dir: string;
let codes: Record<string, string>[];
let charts: Record<string, string>[];
let lines: Json[];
let alone: Record<string, string>[];
const bundle = (id: string): Json => JSON.parse(readFileSync(path.join(dir, 'fhir', `${id}.json`), 'utf8'));
const rowsOf = (enc: string) => codes.filter((r) => r.encounter_id === enc);

async function run(work: string, rows: string[], header: string, id: string): Promise<string> {
  writeFileSync(path.join(work, `${id}.csv`), `${header}\n${rows.join('\n')}\n`);
  const r = await cli([
    'run',
    '--manifest',
    path.join(work, `${id}.csv`),
    '--out',
    work,
    '--batch-id',
    id,
    '--format',
    'csv,jsonl,fhir',
    '--workers',
    '1',
    '--quiet',
  ]);
  expect(r.code).toBe(2); // the unreadable PDF and the disagreeing documents fail; the batch goes on
  return path.join(work, id);
}

beforeAll(async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'cc-encounters-'));
  dir = await run(work, ROWS, 'chart_id,path,encounter_type,date_of_service,encounter_id,patient_id', 'enc');
  ({ codes, charts, lines } = batchFiles(dir));
  // The chart outside any encounter, in a batch without encounters: the reference for its rows.
  const plain = await run(
    work,
    ROWS.slice(2, 4).map((r) => r.replace(/,[^,]*,[^,]*$/, '')),
    'chart_id,path,encounter_type,date_of_service',
    'plain',
  );
  alone = parse(readFileSync(path.join(plain, 'codes.csv')), { columns: true, bom: true });
}, 120_000);

describe('an encounter of a discharge summary and an operative report', () => {
  it('keeps one charts.csv row per document, each naming its encounter', () => {
    expect(charts.map((c) => [c.chart_id, c.encounter_id, c.status])).toEqual([
      ['bad1', 'E2', 'failed'],
      ['ov-ckd', 'E2', 'ok'],
      ['dc-hip', 'E1', 'ok'],
      ['op-knee', 'E1', 'ok'],
      ['mis1', 'E3', 'failed'],
      ['mis2', 'E3', 'failed'],
      ['ov-dm', 'ov-dm', 'ok'],
    ]);
    // Each document counts the codes whose first evidence it holds: together, the encounter's rows.
    const e1 = charts.filter((c) => c.encounter_id === 'E1');
    expect(e1.reduce((n, c) => n + Number(c.codes), 0)).toBe(rowsOf('E1').length);
    expect(e1.every((c) => Number(c.codes) > 0 && Number(c.mentions) > 0)).toBe(true);
    // Document by document, so each chart's rows are contiguous (the review page indexes them so).
    const order = rowsOf('E1').map((r) => r.chart_id);
    expect(order).toEqual([...order].sort());
  });

  it('merges a code found in both documents into one row that keeps both evidence spans', () => {
    const i10 = rowsOf('E1').filter((r) => r.code === 'I10');
    expect(i10).toHaveLength(1);
    expect(i10[0]!.chart_id).toBe('dc-hip');
    const text = (name: string) => readFileSync(chart(name), 'utf8');
    expect(text('dc-hip-fracture-orif-left').slice(Number(i10[0]!.start), Number(i10[0]!.end))).toBe(i10[0]!.evidence);
    // The span in the operative report names its document, with that document's own offsets.
    const other = i10[0]!.more_evidence.split('; ').find((s) => s.startsWith('op-knee:'));
    const [start, end] = other!.slice('op-knee:'.length).split('-').map(Number);
    expect(text('op-total-knee-arthroplasty-right').slice(start, end)).toMatch(/hypertension/i);
    const line = lines.find((l) => l.encounter_id === 'E1')!;
    const code = line.codes.find((c: Json) => c.code === 'I10');
    expect(new Set(code.evidence.map((e: Json) => e.chart_id))).toEqual(new Set(['dc-hip', 'op-knee']));
  });

  it('sequences the diagnoses and points the procedures over the merged set', () => {
    const dx = rowsOf('E1').filter((r) => r.system === 'icd10cm');
    expect(dx.map((r) => Number(r.sequence)).sort((a, b) => a - b)).toEqual(dx.map((_r, i) => i + 1));
    // The knee replacement (operative report) is pointed to diagnoses of both documents.
    const tka = rowsOf('E1').find((r) => r.code === '0SRC0JZ')!;
    expect(tka.chart_id).toBe('op-knee');
    const pointed = tka.dx_pointers.split('; ');
    const docOf = (code: string) => dx.find((r) => r.code === code)?.chart_id;
    expect(pointed.map(docOf)).toContain('dc-hip');
    expect(pointed.map(docOf)).toContain('op-knee');
  });

  it('writes one FHIR bundle per encounter, valid R4, whose evidence points at the right document', () => {
    const b = bundle('E1');
    expect(fhirErrors(b)).toEqual([]);
    expect(b.identifier).toEqual({ system: 'urn:chartcoder:encounter-id', value: 'E1' });
    const docs = b.entry.filter((e: Json) => e.resource.resourceType === 'DocumentReference');
    expect(docs.map((e: Json) => e.resource.identifier[0].value)).toEqual(['dc-hip', 'op-knee']);
    const urlOf = new Map(docs.map((e: Json) => [e.resource.identifier[0].value, e.fullUrl]));
    const i10 = b.entry.find((e: Json) => e.resource.code?.coding?.[0]?.code === 'I10').resource;
    const refs = i10.evidence.map((e: Json) => e.detail[0].reference);
    expect(new Set(refs)).toEqual(new Set([urlOf.get('dc-hip'), urlOf.get('op-knee')]));
    const claim = b.entry.find((e: Json) => e.resource.resourceType === 'Claim').resource;
    expect(claim.identifier[0].value).toBe('E1');
    expect(claim.diagnosis).toHaveLength(rowsOf('E1').filter((r) => r.system === 'icd10cm').length);
  });

  it("names the manifest's patient in the claim and the clinical resources, and leaves it absent without one", () => {
    const patient = (id: string) => ({
      type: 'Patient',
      identifier: { system: 'urn:chartcoder:patient-id', value: id },
    });
    const of = (b: Json, type: string) => b.entry.filter((e: Json) => e.resource.resourceType === type);
    for (const [id, pid] of [
      ['E1', 'P001'],
      ['ov-dm', 'P002'],
    ] as const) {
      const b = bundle(id);
      expect(of(b, 'Claim')[0].resource.patient).toEqual(patient(pid));
      const clinical = [...of(b, 'Condition'), ...of(b, 'Procedure')];
      expect(clinical.length).toBeGreaterThan(0);
      for (const e of clinical) expect(e.resource.subject).toEqual(patient(pid));
    }
    // No patient_id in the manifest: left to the receiving system, as before.
    expect(of(bundle('E2'), 'Claim')[0].resource.patient.extension[0].valueCode).toBe('unknown');
  });
});

describe('documents that fail or disagree', () => {
  it('codes an encounter from the documents that could be read, and flags every code', () => {
    const ok = charts.find((c) => c.chart_id === 'ov-ckd')!;
    expect(ok.issue_codes).toBe('ENCOUNTER_DOCUMENT_FAILED');
    expect(ok.issue_details).toContain('bad1');
    expect(charts.find((c) => c.chart_id === 'bad1')!.issue_codes).toBe('INGEST_UNREADABLE');
    const e2 = rowsOf('E2');
    expect(e2.length).toBeGreaterThan(5);
    expect(e2.every((r) => r.status === 'review' && r.flag_reasons.includes('document_missing'))).toBe(true);
    expect(e2.every((r) => r.chart_id === 'ov-ckd')).toBe(true);
    const outcome = bundle('E2').entry.find((e: Json) => e.resource.resourceType === 'OperationOutcome').resource;
    expect(outcome.issue.map((i: Json) => i.details.coding[0].code)).toEqual([
      'ENCOUNTER_DOCUMENT_FAILED',
      'INGEST_UNREADABLE',
    ]);
  });

  it('fails the documents of an encounter that disagree on its date, codes nothing of it, and goes on', () => {
    const mis = charts.filter((c) => c.encounter_id === 'E3');
    expect(mis.map((c) => c.issue_codes)).toEqual(['INPUT_ENCOUNTER_MISMATCH', 'INPUT_ENCOUNTER_MISMATCH']);
    expect(mis[0]!.issue_details).toContain('date_of_service');
    expect(mis[0]!.issue_details).not.toContain('2026-09'); // values are never quoted
    expect(rowsOf('E3')).toEqual([]);
    expect(lines.find((l) => l.encounter_id === 'E3')!.status).toBe('failed');
  });

  it('codes a chart outside any encounter as it codes it in a batch without encounters', () => {
    const strip = (r: Record<string, string>) => ({ ...r, batch_id: '', encounter_id: '' });
    expect(rowsOf('ov-dm').map(strip)).toEqual(alone.filter((r) => r.chart_id === 'ov-dm').map(strip));
  });
});
