/**
 * The batch folder's life: a hidden `.<id>.partial` folder while charts are written, renamed to
 * `<id>` when complete, `_SUCCESS` written last. Folders and files are owner-only (chart text is PHI).
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ChartcoderError } from '../errors.js';

export interface BatchPaths {
  final: string;
  partial: string;
}

export function batchPaths(outDir: string, batchId: string): BatchPaths {
  return { final: path.join(outDir, batchId), partial: path.join(outDir, `.${batchId}.partial`) };
}

export async function openBatch(outDir: string, batchId: string): Promise<BatchPaths> {
  const paths = batchPaths(outDir, batchId);
  if (existsSync(paths.final)) {
    throw new ChartcoderError('OUTPUT_EXISTS', 'a batch with this id already exists; choose another --batch-id or remove it', paths.final);
  }
  try {
    await mkdir(outDir, { recursive: true, mode: 0o700 });
    await rm(paths.partial, { recursive: true, force: true });
    await mkdir(paths.partial, { mode: 0o700 });
  } catch (e) {
    throw new ChartcoderError('OUTPUT_NOT_WRITABLE', `cannot create the batch folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`, outDir);
  }
  return paths;
}

export async function commitBatch(paths: BatchPaths, manifest: unknown): Promise<void> {
  await writeFile(path.join(paths.partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(paths.partial, paths.final);
  await writeFile(path.join(paths.final, '_SUCCESS'), '', { mode: 0o600 });
}

export async function abandonBatch(paths: BatchPaths): Promise<void> {
  await rm(paths.partial, { recursive: true, force: true });
}
