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
  firstListed: z.string().min(1).optional(),
  codes: z.array(
    z.object({
      system: z.enum(['icd10cm', 'icd10pcs', 'cpt', 'hcpcs']),
      code: z.string().min(1),
      assertion: z.string().default('present'),
      evidence: z.array(z.object({ start: z.number().int(), end: z.number().int(), text: z.string() })).default([]),
      pointers: z.array(z.string().min(1)).optional(),
    }),
  ),
  notCoded: z.array(z.object({ text: z.string().min(1), reason: z.string(), codes: z.array(z.string().min(1)).optional() })).default([]),
});

export interface GoldCode {
  system: CodeSystemId;
  code: string;
  assertion: string;
  evidence: { start: number; end: number; text: string }[];
  /** Procedures: the chart's gold diagnoses that support it (any may be its first pointer). */
  pointers?: string[];
}

/** A phrase a certified coder would not code ("no chest pain"), with why, and the codes a careless coder would give it. */
export interface GoldTrap {
  text: string;
  reason: string;
  codes?: string[];
}

export interface GoldChart {
  chartId: string;
  /** Path of the chart file to run the pipeline on. */
  file: string;
  documentType: string;
  encounterType: EncounterType;
  dateOfService?: string;
  /** The first-listed diagnosis (principal, inpatient), when the gold states it. */
  firstListed?: string;
  codes: GoldCode[];
  /** Must-not-code traps; empty when the gold names none. */
  notCoded?: GoldTrap[];
}

/** Every `*.gold.json` in `dir`; `file` is resolved against the folder above `gold/` (the fixtures root). */
export function loadGoldDir(dir: string): GoldChart[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.gold.json')).sort();
  if (files.length === 0) throw new ChartcoderError('INPUT_EMPTY', 'expected *.gold.json files, found none', dir);
  return files.map((f) => {
    const where = path.join(dir, f);
    const parsed = goldSchema.safeParse(JSON.parse(readFileSync(where, 'utf8')));
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
      ...(g.firstListed ? { firstListed: canonicalCode('icd10cm', g.firstListed) } : {}),
      codes: g.codes.map(({ pointers, ...c }) => ({
        ...c,
        code: canonicalCode(c.system, c.code),
        ...(pointers ? { pointers: pointers.map((p) => canonicalCode('icd10cm', p)) } : {}),
      })),
      notCoded: g.notCoded.map((t) => (t.codes ? { ...t, codes: t.codes.map((c) => c.toUpperCase()) } : t)),
    };
  });
}
