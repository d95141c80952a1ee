/**
 * The batch folder's life: a hidden `.<id>.partial` folder while charts are written, renamed to
 * `<id>` when complete, `_SUCCESS` written last. Folders and files are owner-only (chart text is PHI).
 */
import { existsSync, readFileSync } from 'node:fs';
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
  if (existsSync(paths.partial)) {
    throw new ChartcoderError('OUTPUT_EXISTS', 'an interrupted batch with this id exists; go on with --resume, or remove it', paths.partial);
  }
  try {
    await mkdir(outDir, { recursive: true, mode: 0o700 });
    await mkdir(paths.partial, { mode: 0o700 });
  } catch (e) {
    throw new ChartcoderError('OUTPUT_NOT_WRITABLE', `cannot create the batch folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`, outDir);
  }
  return paths;
}

export async function commitBatch(paths: BatchPaths, manifest: unknown): Promise<void> {
  await rm(path.join(paths.partial, 'run.json'), { force: true }); // only `--resume` needed it
  await writeFile(path.join(paths.partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(paths.partial, paths.final);
  await writeFile(path.join(paths.final, '_SUCCESS'), '', { mode: 0o600 });
}

/** What `run --resume` needs to list the same inputs again with the same pipeline. */
export interface RunSpec {
  inputs: string[];
  manifest?: string;
  pipeline: string;
  configSha256: string;
  /** The code-set store the batch started with: a resume codes with the same releases. */
  codeStore?: string;
}

export async function writeRunSpec(paths: BatchPaths, spec: RunSpec): Promise<void> {
  await writeFile(path.join(paths.partial, 'run.json'), `${JSON.stringify(spec, null, 2)}\n`, { mode: 0o600 });
}

export function readRunSpec(paths: BatchPaths): RunSpec {
  try {
    return JSON.parse(readFileSync(path.join(paths.partial, 'run.json'), 'utf8')) as RunSpec;
  } catch {
    throw new ChartcoderError('INPUT_NOT_FOUND', 'no interrupted batch with this id to resume (run.json missing)', paths.partial);
  }
}
