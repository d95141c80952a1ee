import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCodiesp } from '../../src/evaluate/codiesp.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { parseOrderFile } from '../../src/code-systems/order-file.js';

function split(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-codiesp-'));
  mkdirSync(path.join(dir, 'text_files_en'));
  writeFileSync(path.join(dir, 'text_files_en', 'case-1.txt'), 'A 37-year-old man with pneumonia.\n');
  writeFileSync(path.join(dir, 'text_files_en', 'case-2.txt'), 'Nothing coded here.\n');
  writeFileSync(path.join(dir, 'devD.tsv'), 'case-1\tj18.9\ncase-1\tq87.1\ncase-1\tj18.9\n');
  writeFileSync(path.join(dir, 'devP.tsv'), 'case-1\tbw03zzz\ncase-1\tct13\n');
  return dir;
}

const order = (lines: [string, 0 | 1][]) =>
  parseOrderFile(
    lines
      .map(([c, b], i) => `${String(i).padStart(5, '0')} ${c.padEnd(7)} ${b} ${'short'.padEnd(60)} long`)
      .join('\r\n'),
  );

describe('CodiEsp adapter', () => {
  it('normalizes codes, dedupes them and counts the ones FY2026 no longer has', () => {
    const g = loadCodiesp(split(), {
      icd10cm: order([
        ['J189', 1],
        ['Q871', 0],
        ['Q8719', 1],
      ]),
      icd10pcs: order([
        ['BW03ZZZ', 1],
        ['CT13ZZZ', 1],
      ]),
    });
    expect(g.charts.map((c) => [c.chartId, c.encounterType, c.codes.map((x) => `${x.system}:${x.code}`)])).toEqual([
      ['case-1', 'inpatient', ['icd10cm:J18.9', 'icd10cm:Q87.1', 'icd10pcs:BW03ZZZ', 'icd10pcs:CT13']],
      ['case-2', 'inpatient', []],
    ]);
    expect(g.notInFy2026).toEqual({ icd10cm: 1, icd10pcs: 0, total: 1 });
  });

  it('scores PCS codes as the official CodiEsp script does: a truncated gold code is matched only by the same stem', () => {
    const { charts } = loadCodiesp(split());
    const pred = (code: string, confidence: number) => ({
      chartId: 'case-1',
      system: 'icd10pcs' as const,
      code,
      confidence,
      status: 'review' as const,
      section: 'other',
      assertion: 'present',
      ranges: [],
    });
    const full = evaluate(
      charts,
      { predictions: [pred('CT13ZZZ', 0.9), pred('BW03ZZZ', 0.8)], charts: new Map() },
      () => undefined,
    );
    expect(full.bySystem.icd10pcs!.micro).toMatchObject({ tp: 1, fp: 1, fn: 1 });
    expect(full.map.procedures).toBe(0.25); // CT13ZZZ (ranked first) misses, BW03ZZZ hits at rank 2: (1/2) / 2 gold codes
    const stem = evaluate(
      charts,
      { predictions: [pred('CT13', 0.9), pred('BW03ZZZ', 0.8)], charts: new Map() },
      () => undefined,
    );
    expect(stem.bySystem.icd10pcs!.micro).toMatchObject({ tp: 2, fp: 0, fn: 0 });
  });
});
