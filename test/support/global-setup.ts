/**
 * Before the suite: compile dist/ (the worker pool runs compiled JavaScript, so tests of the CLI
 * exercise the code under test, never a stale build) and make one scratch folder per run, removed
 * at the end, so tests leave nothing in the system temp folder. HOME points into it and CHARTCODER_CODE_STORE is
 * unset: a run without --code-store codes with ~/.chartcoder/code-sets when it holds releases, and no test may read
 * or fill the real one.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): () => void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  // the review page's browser modules (served from dist/review/web)
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'src', 'review', 'web', 'tsconfig.json')], {
    stdio: 'inherit',
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'chartcoder-tests-'));
  process.env.TMPDIR = dir;
  process.env.HOME = path.join(dir, 'home');
  mkdirSync(process.env.HOME);
  delete process.env.CHARTCODER_CODE_STORE;
  return () => rmSync(dir, { recursive: true, force: true });
}
