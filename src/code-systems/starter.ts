/**
 * The embedded starter code set (code-sets/starter/*.json): validated on load so a broken file
 * is a coded error naming the file and the entry, never a silent gap.
 */
import path from 'node:path';
import { z } from 'zod';
import type { CodeSystemId } from '../contract/chart-record.js';
import { ChartcoderError } from '../contract/errors.js';
import { readJsonFile, type JsonFileKind } from '../contract/json-file.js';
import { starterCodeSetDir } from '../contract/paths.js';
import { canonicalCode, inMemoryCodeSystem } from './code-system.js';
import type { CodeSystem } from '../contract/code-sets.js';
import { readStarterTabular } from './starter-tabular.js';

const attributes = z
  .object({
    laterality: z.enum(['left', 'right', 'bilateral']).optional(),
    acuity: z.enum(['acute', 'chronic', 'acute_on_chronic']).optional(),
    episode: z.enum(['initial', 'subsequent', 'sequela']).optional(),
  })
  .strict();

const entrySchema = z
  .object({
    code: z.string().min(3),
    title: z.string().min(1),
    billable: z.boolean().default(true),
    terms: z.array(z.string().min(1)).default([]),
    abbreviations: z.array(z.string().min(1)).default([]),
    specific: z.array(z.object({ when: attributes, code: z.string() }).strict()).default([]),
    missing: z.string().optional(),
  })
  .strict();

const fileSchema = z
  .object({
    system: z.enum(['icd10cm', 'icd10pcs', 'cpt', 'hcpcs']),
    version: z.string(),
    effective: z.object({ from: z.string(), to: z.string() }).strict(),
    entries: z.array(entrySchema),
  })
  .strict();

const starterKind: JsonFileKind = {
  what: 'a starter code set',
  missing: 'CODESET_NOT_FOUND',
  unreadable: 'CODESET_NOT_FOUND',
  invalid: 'CODESET_INVALID',
};

export const starterSystems: CodeSystemId[] = ['icd10cm', 'icd10pcs', 'cpt', 'hcpcs'];

export function loadStarterCodeSystem(system: CodeSystemId, dir = starterCodeSetDir): CodeSystem {
  const file = path.join(dir, `${system}.json`);
  const parsed = readJsonFile(file, fileSchema, starterKind);
  const tabular = system === 'icd10cm' ? readStarterTabular(dir) : new Map();
  const entries = parsed.entries.map((e) => {
    const code = canonicalCode(system, e.code);
    const fields = tabular.get(code);
    return {
      ...e,
      code,
      specific: e.specific.map((s) => ({ ...s, code: canonicalCode(system, s.code) })),
      ...(fields ? { tabular: fields } : {}),
    };
  });
  const codes = new Set(entries.map((e) => e.code));
  for (const e of entries) {
    for (const s of e.specific) {
      if (!codes.has(s.code)) {
        throw new ChartcoderError(
          'CODESET_INVALID',
          `specific code ${s.code} has no entry of its own`,
          `${file}: ${e.code}`,
        );
      }
    }
  }
  return inMemoryCodeSystem(system, parsed.version, parsed.effective, entries);
}
