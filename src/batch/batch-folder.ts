/**
 * The batch folder's life: a hidden `.<id>.partial` folder while charts are written, renamed to `<id>` when
 * complete with `_SUCCESS` already inside. Every step is ordered so that a crash at any point (kill -9, power
 * cut) leaves a folder `run --resume` finishes: the partial folder appears only once it holds run.json (made
 * in a staging folder, then renamed); the commit writes manifest.json, then _SUCCESS, then renames, and only
 * then removes run.json and lock.json, so a resume always knows what the batch is. Files and folders are
 * synced at each step. Folders and files are owner-only (chart text is PHI).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ChartcoderError } from '../contract/errors.js';
import { crashPoint } from './test-faults.js';

export interface BatchPaths {
  final: string;
  partial: string;
}

export function batchPaths(outDir: string, batchId: string): BatchPaths {
  return { final: path.join(outDir, batchId), partial: path.join(outDir, `.${batchId}.partial`) };
}

/**
 * Makes the partial folder with `prepare` (which writes run.json) done inside it first: a staging folder
 * renamed into place, so a crash never leaves a partial folder that does not say how to resume it.
 */
export async function openBatch(
  outDir: string,
  batchId: string,
  prepare: (dir: string) => Promise<void> = async () => undefined,
): Promise<BatchPaths> {
  const paths = batchPaths(outDir, batchId);
  if (existsSync(paths.final)) {
    throw new ChartcoderError(
      'OUTPUT_EXISTS',
      'a batch with this id already exists; choose another --batch-id or remove it',
      paths.final,
    );
  }
  if (existsSync(paths.partial)) {
    throw new ChartcoderError(
      'OUTPUT_EXISTS',
      'an interrupted batch with this id exists; go on with --resume, or remove it',
      paths.partial,
    );
  }
  const staging = `${paths.partial}.new`;
  try {
    await mkdir(outDir, { recursive: true, mode: 0o700 });
    await rm(staging, { recursive: true, force: true }); // left by a run that died before its batch existed
    await mkdir(staging, { mode: 0o700 });
    await prepare(staging);
    crashPoint('open-staged');
    await syncToDisk(staging);
    await rename(staging, paths.partial);
    await syncToDisk(outDir);
  } catch (e) {
    if (e instanceof ChartcoderError) throw e;
    throw new ChartcoderError(
      'OUTPUT_NOT_WRITABLE',
      `cannot create the batch folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      outDir,
    );
  }
  return paths;
}

/** Held in the partial folder by the process writing the batch; the folder is renamed only once it is gone. */
const LOCK = 'lock.json';

/**
 * Marks the partial folder as being written by this process. Refused while another live process on this host
 * holds it (a cron `--resume` started while the night's run still goes on would write the same files); the lock of
 * a process that died (crash, `kill -9`) is taken over. A lock from another host cannot be checked: the message
 * says to remove it once that run is known to be gone.
 */
export function lockBatch(paths: BatchPaths): void {
  const file = path.join(paths.partial, LOCK);
  const mine = `${JSON.stringify({ pid: process.pid, host: hostname() })}\n`;
  try {
    writeFileSync(file, mine, { flag: 'wx', mode: 0o600 });
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  let holder: { pid?: unknown; host?: unknown } = {};
  try {
    holder = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // unreadable: written by a process that died mid-write, take it over
  }
  const pid = typeof holder.pid === 'number' ? holder.pid : 0;
  if (pid > 0 && holder.host !== hostname()) {
    throw new ChartcoderError(
      'OUTPUT_EXISTS',
      `the batch is held by process ${pid} on host ${String(holder.host)}; once that run is gone, remove ${LOCK} from the batch folder and resume`,
      paths.partial,
    );
  }
  if (pid > 0 && pid !== process.pid && isAlive(pid)) {
    throw new ChartcoderError(
      'OUTPUT_EXISTS',
      `another chartcoder (process ${pid}) is still writing this batch; let it finish, or stop it and resume`,
      paths.partial,
    );
  }
  writeFileSync(file, mine, { mode: 0o600 });
}

/** Whether `pid` is a running chartcoder. After a reboot the number may belong to another program: where /proc tells, it must be ours. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chartcoder');
  } catch {
    return true; // no /proc here (or not readable): the process exists, assume it is the holder
  }
}

/** Commits the partial folder: manifest.json (the commit point), _SUCCESS, the rename, then the clean-up. */
export async function commitBatch(paths: BatchPaths, manifest: unknown): Promise<void> {
  const file = path.join(paths.partial, 'manifest.json');
  await writeFile(`${file}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600, flush: true });
  await rename(`${file}.tmp`, file);
  crashPoint('commit-manifest');
  await finishCommit(paths);
}

/** Whether the batch's partial folder was made: a run stopped after that is interrupted, and `--resume` finishes it. */
export function isStarted(outDir: string, batchId: string): boolean {
  return existsSync(batchPaths(outDir, batchId).partial);
}

/** Whether the partial folder was committed (manifest.json written) and only the last steps are left. */
export function isCommitted(paths: BatchPaths): boolean {
  return existsSync(path.join(paths.partial, 'manifest.json'));
}

/** The steps after manifest.json, each safe to repeat: a resume after a crash among them runs them again. */
export async function finishCommit(paths: BatchPaths): Promise<void> {
  if (existsSync(paths.partial)) {
    await writeFile(path.join(paths.partial, '_SUCCESS'), '', { mode: 0o600, flush: true });
    crashPoint('commit-success');
    await syncToDisk(paths.partial);
    await rename(paths.partial, paths.final);
    await syncToDisk(path.dirname(paths.final));
    crashPoint('commit-renamed');
  }
  // A batch committed by an older chartcoder that died before writing _SUCCESS.
  if (!existsSync(path.join(paths.final, '_SUCCESS')))
    await writeFile(path.join(paths.final, '_SUCCESS'), '', { mode: 0o600, flush: true });
  // Only `--resume` needed them; kept until now so every crash point above leaves a resumable folder.
  await rm(path.join(paths.final, 'run.json'), { force: true });
  await rm(path.join(paths.final, INPUT_LIST), { force: true });
  await rm(path.join(paths.final, LOCK), { force: true });
  await syncToDisk(paths.final);
}

/** Makes a folder's entries (files created, renamed, removed), or a file's content, survive a power cut. */
export async function syncToDisk(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** What `run --resume` needs to list the same inputs again with the same pipeline. */
export interface RunSpec {
  inputs: string[];
  manifest?: string;
  pipeline: string;
  configSha256: string;
  /** The code-set store the batch started with: a resume codes with the same releases. */
  codeStore?: string;
  /** Each system's releases in that store when the batch started (`starter`: the embedded set); a resume checks them. */
  codeSets?: Record<string, string[]>;
  /** Output formats (`--format`); absent: the sink's default (CSV). A resume writes the same (checked by plan-batch). */
  formats?: string[];
}

/** Written into the staging folder `dir` (see openBatch), with the charts the batch listed when it started. */
export async function writeRunSpec(dir: string, spec: RunSpec, inputs: readonly unknown[]): Promise<void> {
  await writeFile(path.join(dir, 'run.json'), `${JSON.stringify(spec, null, 2)}\n`, { mode: 0o600, flush: true });
  await writeFile(path.join(dir, INPUT_LIST), `${inputs.map((i) => JSON.stringify(i)).join('\n')}\n`, {
    mode: 0o600,
    flush: true,
  });
}

/**
 * The charts listed when the batch started (one JSON line each), so a resume codes exactly those: a file deleted
 * since is still a chart (it fails as unreadable), a file added since is not. Absent for a batch started by an
 * older chartcoder (the resume lists the inputs again).
 */
const INPUT_LIST = 'inputs.jsonl';

export function readInputList(paths: BatchPaths): unknown[] | undefined {
  const file = path.join(paths.partial, INPUT_LIST);
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
}

export function readRunSpec(paths: BatchPaths): RunSpec {
  try {
    return JSON.parse(readFileSync(path.join(paths.partial, 'run.json'), 'utf8')) as RunSpec;
  } catch {
    throw new ChartcoderError(
      'INPUT_NOT_FOUND',
      'no interrupted batch with this id to resume (run.json missing)',
      paths.partial,
    );
  }
}
