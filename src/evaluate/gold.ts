/**
 * Gold charts: the project's own fixtures (fixtures/gold/*.gold.json, format in fixtures/README.md)
 * and adapters that turn other corpora (CodiEsp) into the same shape.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { CodeSystemId, EncounterType } from '../chart-record.js';
import { canonicalCode } from '../code-systems/code-system.js';
import { ChartcoderError } from '../errors.js';

const goldSchema = z.object({
  chartId: z.string().min(1),
  file: z.string().min(1),
  documentType: z.string().default('unknown'),
  specialty: z.string().optional(),
  encounterType: z.enum(['outpatient', 'inpatient']),
  dateOfService: z.string().optional(),
  codes: z.array(
    z.object({
      system: z.enum(['icd10cm', 'icd10pcs', 'cpt', 'hcpcs']),
      code: z.string().min(1),
      assertion: z.string().default('present'),
      evidence: z.array(z.object({ start: z.number().int(), end: z.number().int(), text: z.string() })).default([]),
    }),
  ),
});

export interface GoldCode {
  system: CodeSystemId;
  code: string;
  assertion: string;
  evidence: { start: number; end: number; text: string }[];
}

export interface GoldChart {
  chartId: string;
  /** Path of the chart file to run the pipeline on. */
  file: string;
  documentType: string;
  encounterType: EncounterType;
  dateOfService?: string;
  codes: GoldCode[];
}

/** Every `*.gold.json` in `dir`; `file` is resolved against the folder above `gold/` (the fixtures root). */
export function loadGoldDir(dir: string): GoldChart[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new ChartcoderError('INPUT_NOT_FOUND', `expected a folder of *.gold.json files (${(e as NodeJS.ErrnoException).code ?? 'error'})`, dir);
  }
  const files = names.filter((f) => f.endsWith('.gold.json')).sort();
  if (files.length === 0) throw new ChartcoderError('INPUT_EMPTY', 'expected *.gold.json files, found none', dir);
  return files.map((f) => {
    const where = path.join(dir, f);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(where, 'utf8'));
    } catch (e) {
      throw new ChartcoderError('INPUT_MANIFEST_INVALID', `expected a gold file of valid JSON (${(e as Error).name}); see fixtures/README.md`, where);
    }
    const parsed = goldSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ChartcoderError('INPUT_MANIFEST_INVALID', issue.message, `${where}: ${issue.path.join('.')}`);
    }
    const g = parsed.data;
    return {
      chartId: g.chartId,
      file: path.resolve(dir, '..', g.file),
      documentType: g.documentType,
      encounterType: g.encounterType,
      ...(g.dateOfService ? { dateOfService: g.dateOfService } : {}),
      codes: g.codes.map((c) => ({ ...c, code: canonicalCode(c.system, c.code) })),
    };
  });
}
