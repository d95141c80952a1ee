/** A batch coded from a manifest through the CLI, as the nightly job runs one, for the batch-output tests. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cli } from './cli.js';

export interface ManifestBatch {
  /** The manifest's header line (`chart_id,path,…`). */
  header: string;
  rows: string[];
  /** Folder the manifest (`<id>.csv`) and the batch (`<id>/`) are written in. */
  work: string;
  id?: string;
  /** --format, as given (its order is part of what some tests check). */
  format?: string;
  workers?: number;
}

/** `chartcoder run --manifest … --quiet` into work/<id>: the CLI's result and the batch folder. */
export async function runManifestBatch(b: ManifestBatch) {
  const id = b.id ?? 'b';
  const manifest = path.join(b.work, `${id}.csv`);
  writeFileSync(manifest, `${b.header}\n${b.rows.join('\n')}\n`);
  const r = await cli([
    'run',
    '--manifest',
    manifest,
    '--out',
    b.work,
    '--batch-id',
    id,
    '--format',
    b.format ?? 'csv,jsonl,fhir',
    '--workers',
    String(b.workers ?? 1),
    '--quiet',
  ]);
  return { r, dir: path.join(b.work, id) };
}
