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
  notCoded: z.array(z.object({ text: z.string().min(1), reason: z.string(), codes: z.array(z.string().min(1)).optional() })).default([]),
});

const goldKind: JsonFileKind = { what: 'a gold chart', missing: 'INPUT_NOT_FOUND', unreadable: 'INPUT_MANIFEST_INVALID', invalid: 'INPUT_MANIFEST_INVALID' };

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
    throw new ChartcoderError('INPUT_NOT_FOUND', `expected a folder of *.gold.json files (${(e as NodeJS.ErrnoException).code ?? 'error'})`, dir);
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
 * How a predicted code meets a truncated gold code. `prefix`, the project's rule: a truncated gold code
 * covers the full codes it starts. `exact`, the official CodiEsp script's rule: no credit for a full code
 * under a truncated gold code (eval reports this figure for procedures beside the other).
 */
export type GoldMatching = 'prefix' | 'exact';

/** A gold ICD-10-PCS code cut short (CodiEsp keeps 4 characters where the full code cannot be known). */
const isTruncated = (g: GoldCode) => g.system === 'icd10pcs' && g.code.length < 7;

/** Whether any gold code is truncated, so that the two matching rules can differ. */
export function hasTruncatedCode(gold: readonly GoldCode[]): boolean {
  return gold.some(isTruncated);
}

/**
 * The one rule for matching a predicted code to gold, used by `eval` and `calibrate` alike. Under `prefix`
 * (the default) a predicted PCS code that starts with a truncated gold code of its chart is scored as that
 * gold code. Returns the code as scored (the predicted code itself when no truncated gold code covers it).
 */
export function scoredCode(gold: readonly GoldCode[], system: string, code: string, matching: GoldMatching = 'prefix'): string {
  if (system !== 'icd10pcs' || matching === 'exact') return code;
  return gold.find((g) => isTruncated(g) && code.startsWith(g.code))?.code ?? code;
}

/** Whether a predicted code counts as one of the chart's gold codes. */
export function isGoldCode(gold: readonly GoldCode[], system: string, code: string): boolean {
  const scored = scoredCode(gold, system, code);
  return gold.some((g) => g.system === system && g.code === scored);
}
