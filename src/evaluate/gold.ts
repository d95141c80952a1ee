/**
 * Gold charts: the project's own fixtures (fixtures/gold/*.gold.json, format in fixtures/README.md)
 * and adapters that turn other corpora (CodiEsp) into the same shape.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { CodeSystemId, EncounterType } from '../contract/chart-record.js';
import { canonicalCode } from '../code-systems/code-system.js';
import { ChartcoderError } from '../contract/errors.js';
import { readJsonFile, type JsonFileKind } from '../contract/json-file.js';

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
  notCoded: z
    .array(z.object({ text: z.string().min(1), reason: z.string(), codes: z.array(z.string().min(1)).optional() }))
    .default([]),
});

const goldKind: JsonFileKind = {
  what: 'a gold chart',
  missing: 'INPUT_NOT_FOUND',
  unreadable: 'INPUT_MANIFEST_INVALID',
  invalid: 'INPUT_MANIFEST_INVALID',
};

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
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new ChartcoderError(
      'INPUT_NOT_FOUND',
      `expected a folder of *.gold.json files (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      dir,
    );
  }
  const files = names.filter((f) => f.endsWith('.gold.json')).sort();
  if (files.length === 0) throw new ChartcoderError('INPUT_EMPTY', 'expected *.gold.json files, found none', dir);
  return files.map((f) => {
    const g = readJsonFile(path.join(dir, f), goldSchema, goldKind);
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

/**
 * The one rule for matching a predicted code to gold, used by `eval` and `calibrate` alike (and so by
 * the labels a fit is trained on). Gold ICD-10-PCS codes may be truncated (CodiEsp keeps 4 characters
 * where the full code cannot be known); as the official CodiEsp script scores them, a truncated gold code
 * is matched only by the same truncated code, never by a full code that starts with it (crediting any
 * full code under a stem would score a guess of the last three characters as right). Returns the code a
 * prediction is scored as: the predicted code itself.
 */
export function scoredCode(_gold: readonly GoldCode[], _system: string, code: string): string {
  return code;
}

/** Whether a predicted code counts as one of the chart's gold codes. */
export function isGoldCode(gold: readonly GoldCode[], system: string, code: string): boolean {
  const scored = scoredCode(gold, system, code);
  return gold.some((g) => g.system === system && g.code === scored);
}
