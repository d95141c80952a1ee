/** A finished batch's files as tests read them: CSV rows by column name, codes.jsonl lines as objects. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function batchFiles(dir: string): {
  codes: Record<string, string>[];
  charts: Record<string, string>[];
  lines: Json[];
} {
  const csv = (name: string) => parse(readFileSync(path.join(dir, name)), { columns: true, bom: true });
  return {
    codes: csv('codes.csv'),
    charts: csv('charts.csv'),
    lines: readFileSync(path.join(dir, 'codes.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
  };
}
