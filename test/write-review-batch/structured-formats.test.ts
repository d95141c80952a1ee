import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readChart } from '../../src/ingest/read-chart.js';
import { packageRoot } from '../../src/contract/paths.js';
import { batchFiles } from '../support/batch-files.js';
import { runManifestBatch } from '../support/manifest-batch.js';
import { fhirErrors } from '../support/fhir-schema.js';

const fixtures = path.join(packageRoot, 'fixtures');
const VER = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const EXT = 'urn:chartcoder:fhir:StructureDefinition:';
const URI: Record<string, string> = {
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10pcs: 'http://www.cms.gov/Medicare/Coding/ICD10',
  cpt: 'http://www.ama-assn.org/go/cpt',
  hcpcs: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let dir: string;
let codes: Record<string, string>[];
let charts: Record<string, string>[];
let lines: Json[];
const bundle = (id: string): Json =>
  JSON.parse(readFileSync(path.join(dir, 'fhir', `${encodeURIComponent(id)}.json`), 'utf8'));
const resources = (b: Json, type: string): Json[] =>
  b.entry.filter((e: Json) => e.resource.resourceType === type).map((e: Json) => e.resource);

/** Every fixture chart (discharge summaries as inpatient stays) and one empty file, in all three formats. */
beforeAll(async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'cc-formats-'));
  const names = readdirSync(path.join(fixtures, 'charts')).sort();
  const rows = names.map(
    (n) =>
      `${n.replace(/\.txt$/, '')},${path.join(fixtures, 'charts', n)},${n.startsWith('dc-') ? 'inpatient' : 'outpatient'}`,
  );
  rows.push(`empty/one,${path.join(fixtures, 'bad', 'empty.txt')},outpatient`);
  const header = 'chart_id,path,encounter_type';
  const batch = await runManifestBatch({ work, header, rows, format: 'fhir,jsonl,csv' });
  expect(batch.r.code).toBe(2); // the empty file fails, the batch goes on
  dir = batch.dir;
  ({ codes, charts, lines } = batchFiles(dir));
}, 180_000);

describe('--format csv,jsonl,fhir', () => {
  it('lists every file in manifest.json, owner-only', () => {
    const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(Object.keys(m.files)).toEqual(['codes', 'charts', 'jsonl', 'fhir']);
    expect(m.files.jsonl).toEqual(['codes.jsonl']);
    expect(m.files.fhir).toHaveLength(charts.length);
    expect(m.files.fhir).toContain('fhir/empty%2Fone.json');
    expect(readdirSync(dir).sort()).toEqual([
      '_SUCCESS',
      'charts.csv',
      'codes.csv',
      'codes.jsonl',
      'fhir',
      'manifest.json',
    ]);
    expect(statSync(path.join(dir, 'fhir')).mode & 0o777).toBe(0o700);
    for (const f of [...m.files.fhir, 'codes.jsonl']) expect(statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
  });

  it('codes.jsonl: one line per chart with the same codes as codes.csv, evidence spans as arrays that point at the text', async () => {
    expect(lines.map((l) => l.chart_id)).toEqual(charts.map((c) => c.chart_id));
    expect(lines.find((l) => l.chart_id === 'empty/one')).toMatchObject({
      status: 'failed',
      issues: [{ code: 'INGEST_EMPTY_FILE', severity: 'fatal' }],
      codes: [],
    });
    for (const line of lines.filter((l) => l.status === 'ok')) {
      const rows = codes.filter((c) => c.chart_id === line.chart_id);
      expect(line.codes.map((c: Json) => [c.system, c.code, c.confidence.toFixed(3), c.evidence[0].start])).toEqual(
        rows.map((r) => [r.system, r.code, r.confidence, Number(r.start)]),
      );
      const text = (await readChart(line.source.path, { maxBytes: 1e7, maxPages: 50 })).text;
      for (const c of line.codes) {
        expect(c.system_uri).toBe(URI[c.system]);
        for (const e of c.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
      }
      const codedMentions = new Set(line.codes.flatMap((c: Json) => c.evidence.map((e: Json) => e.mention_id)));
      for (const m of line.mentions) expect(m.coded).toBe(codedMentions.has(m.id));
    }
  });

  it('codes.jsonl keeps the mentions that were not coded, with their assertion', () => {
    const notCoded = lines.flatMap((l) => l.mentions.filter((m: Json) => !m.coded));
    const assertions = new Set(notCoded.map((m: Json) => m.assertion));
    for (const a of ['negated', 'family', 'historical']) expect(assertions).toContain(a);
    const chest = lines.find((l) => l.chart_id === 'ed-chest-pain-ruled-out')!;
    expect(chest.mentions.some((m: Json) => m.assertion === 'negated' && !m.coded)).toBe(true);
  });

  it('fhir/: one bundle per chart, valid against the official FHIR R4 schema', () => {
    for (const c of charts) expect(fhirErrors(bundle(c.chart_id)), c.chart_id).toEqual([]);
    // The validator can fail: a Condition without its subject and a Claim with an unknown status are refused.
    const b = bundle('ed-cellulitis-right-leg');
    delete resources(b, 'Condition')[0]!.subject;
    expect(fhirErrors(b).join('\n')).toMatch(/subject/);
    expect(fhirErrors({ resourceType: 'Claim', status: 'pending' }).length).toBeGreaterThan(0);
  });

  it('fhir/: a Condition per diagnosis code and a Procedure per procedure code, with canonical systems, status and evidence', () => {
    for (const c of charts.filter((x) => x.status === 'ok')) {
      const b = bundle(c.chart_id);
      const rows = codes.filter((r) => r.chart_id === c.chart_id);
      const conditions = resources(b, 'Condition');
      const procedures = resources(b, 'Procedure');
      expect(conditions.map((x) => x.code.coding[0].code)).toEqual(
        rows.filter((r) => r.system === 'icd10cm').map((r) => r.code),
      );
      expect(procedures.map((x) => `${x.code.coding[0].system} ${x.code.coding[0].code}`)).toEqual(
        rows.filter((r) => r.system !== 'icd10cm').map((r) => `${URI[r.system]} ${r.code}`),
      );
      const doc = b.entry.find((e: Json) => e.resource.resourceType === 'DocumentReference').fullUrl;
      rows
        .filter((r) => r.system === 'icd10cm')
        .forEach((r, i) => {
          const cond = conditions[i]!;
          expect(cond.code.coding[0].system).toBe(URI.icd10cm);
          const want =
            r.assertion === 'uncertain' ? 'provisional' : r.status === 'review' ? 'unconfirmed' : 'confirmed';
          expect(cond.verificationStatus.coding).toEqual([{ system: VER, code: want }]);
          expect(cond.extension.find((x: Json) => x.url === `${EXT}confidence`).valueDecimal.toFixed(3)).toBe(
            r.confidence,
          );
          expect(
            cond.extension
              .filter((x: Json) => x.url === `${EXT}review-flag`)
              .map((x: Json) => x.valueString)
              .join('; '),
          ).toBe(r.flag_reasons);
          const detail = cond.evidence[0].detail[0];
          expect(detail.reference).toBe(doc);
          expect(detail.display).toBe(r.evidence);
          const span = Object.fromEntries(
            detail.extension[0].extension.map((x: Json) => [
              x.url,
              x.valueInteger ?? x.valuePositiveInt ?? x.valueCode,
            ]),
          );
          expect(span).toMatchObject({
            start: Number(r.start),
            end: Number(r.end),
            page: Number(r.page),
            assertion: r.assertion,
          });
        });
    }
  });

  it('fhir/: the draft Claim sequences diagnoses and points each CPT/HCPCS item at them from the diagnosis pointers', () => {
    let pointed = 0;
    let pcs = 0;
    for (const c of charts.filter((x) => x.status === 'ok')) {
      const b = bundle(c.chart_id);
      const [claim] = resources(b, 'Claim');
      const rows = codes.filter((r) => r.chart_id === c.chart_id);
      if (rows.length === 0) continue;
      expect(claim).toMatchObject({ status: 'draft', use: 'claim' });
      const dx = (claim!.diagnosis ?? []) as Json[];
      expect(dx.map((d) => d.sequence)).toEqual(dx.map((_, i) => i + 1));
      expect(dx.map((d) => d.diagnosisCodeableConcept.coding[0].code).sort()).toEqual(
        rows
          .filter((r) => r.system === 'icd10cm')
          .map((r) => r.code)
          .sort(),
      );
      const bySeq = new Map(dx.map((d) => [d.sequence, d.diagnosisCodeableConcept.coding[0].code]));
      for (const r of rows.filter((x) => x.sequence !== '' && x.system === 'icd10cm'))
        expect(bySeq.get(dx.findIndex((d) => d.diagnosisCodeableConcept.coding[0].code === r.code) + 1)).toBe(r.code);
      const items = (claim!.item ?? []) as Json[];
      expect(items.map((i) => i.productOrService.coding[0].code)).toEqual(
        rows.filter((r) => r.system === 'cpt' || r.system === 'hcpcs').map((r) => r.code),
      );
      for (const [k, item] of items.entries()) {
        const row = rows.filter((r) => r.system === 'cpt' || r.system === 'hcpcs')[k]!;
        const want = row.dx_pointers === '' ? [] : row.dx_pointers.split('; ');
        expect((item.diagnosisSequence ?? []).map((s: number) => bySeq.get(s))).toEqual(want);
        if (want.length > 0) pointed++;
      }
      pcs += (claim!.procedure ?? []).length;
      if (c.encounter_type === 'inpatient' && dx.length > 0) expect(dx[0]!.type[0].coding[0].code).toBe('principal');
    }
    expect(pointed).toBeGreaterThan(0);
    expect(pcs).toBeGreaterThan(0);
  });

  it('fhir/: a failed chart gets a bundle with its issue in an OperationOutcome and no suggestions', () => {
    const b = bundle('empty/one');
    expect(b.entry.map((e: Json) => e.resource.resourceType)).toEqual(['DocumentReference', 'OperationOutcome']);
    expect(resources(b, 'OperationOutcome')[0]!.issue[0]).toMatchObject({
      severity: 'fatal',
      details: { coding: [{ code: 'INGEST_EMPTY_FILE' }] },
    });
  });
});
