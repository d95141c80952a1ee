/**
 * The starter set's Tabular List fields (`code-sets/starter/icd10cm-tabular.json`): Excludes1, Code
 * first, Use additional code and 7th characters for the starter's own codes, compiled from the official
 * Tabular List XML by this module (never written by hand), and read back by the starter loader.
 * Compile:  npm run build && node dist/code-systems/starter-tabular.js <icd10cm_tabular_YYYY.xml[.gz]>
 * A test recompiles it from ../shared/data when present and expects the same file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChartcoderError } from '../contract/errors.js';
import { readJson, type JsonFileKind } from '../contract/json-file.js';
import { starterCodeSetDir } from '../contract/paths.js';
import { tabularFieldsFor } from './tabular-fields.js';
import type { TabularFields } from '../contract/code-sets.js';
import { readTabularXml } from './tabular-xml.js';

export const STARTER_TABULAR_FILE = 'icd10cm-tabular.json';

interface StarterTabularFile {
  $comment: string;
  source: { file: string; version: string };
  codes: Record<string, TabularFields>;
}

/** The compiled file's text for these codes: one line per code, sorted, so a recompile diffs cleanly. */
export function compileStarterTabular(tabularXml: string, codes: Iterable<string>): string {
  const tab = readTabularXml(tabularXml);
  const fields = [...tabularFieldsFor(tab, codes)].sort(([a], [b]) => (a < b ? -1 : 1));
  const head = {
    $comment: `Compiled by src/code-systems/starter-tabular.ts from the ICD-10-CM Tabular List (CDC, public domain); do not edit by hand. Code references only: Excludes1, Code first (codeFirstRequired: a manifestation), Use additional code, valid 7th characters.`,
    source: { file: path.basename(tabularXml), version: tab.version },
  };
  const lines = fields.map(([code, f]) => `    ${JSON.stringify(code)}: ${JSON.stringify(f)}`);
  return `{\n  "$comment": ${JSON.stringify(head.$comment)},\n  "source": ${JSON.stringify(head.source)},\n  "codes": {\n${lines.join(',\n')}\n  }\n}\n`;
}

const starterTabularKind: JsonFileKind = {
  what: 'compiled tabular fields',
  missing: 'CODESET_INVALID',
  unreadable: 'CODESET_INVALID',
  invalid: 'CODESET_INVALID',
};

/** code → fields; empty when the compiled file is absent (the pipeline then has no tabular instructions). */
export function readStarterTabular(dir = starterCodeSetDir): Map<string, TabularFields> {
  const file = path.join(dir, STARTER_TABULAR_FILE);
  if (!existsSync(file)) return new Map();
  // Through the one JSON reader without a schema: this script writes the file, and checking every code's fields
  // would add to each worker's start for a file that ships with the package.
  const parsed = readJson(file, starterTabularKind) as StarterTabularFile;
  return new Map(Object.entries(parsed.codes));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const xml = process.argv[2];
  if (!xml) throw new ChartcoderError('USAGE', 'expected the path of an ICD-10-CM Tabular List XML file');
  const starter = JSON.parse(readFileSync(path.join(starterCodeSetDir, 'icd10cm.json'), 'utf8')) as {
    entries: { code: string }[];
  };
  writeFileSync(
    path.join(starterCodeSetDir, STARTER_TABULAR_FILE),
    compileStarterTabular(
      xml,
      starter.entries.map((e) => e.code),
    ),
  );
}
