import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { encounterManifest, type EncounterManifest } from '../support/encounters.js';

/**
 * A batch of encounters (several documents each, one with an unreadable PDF, one whose documents disagree),
 * interrupted by kill -9 mid-run and at points of its end, then resumed: every file byte-identical to an
 * uninterrupted run. An encounter's documents are written and journaled as one, so none is ever half kept.
 */
const bin = path.join(packageRoot, 'bin', 'chartcoder.js');
const FORMAT = ['--format', 'csv,jsonl,fhir'];
const tmp = (p: string) => mkdtempSync(path.join(tmpdir(), p));
function chartcoder(args: string[], fault?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  if (fault) env.CHARTCODER_TEST_FAULT = fault;
  else delete env.CHARTCODER_TEST_FAULT;
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });
}

/** Every file under `dir`, relative path → bytes, manifest.json left out (times and the resumed count differ). */
function tree(dir: string): Map<string, Buffer> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
  return new Map(
    files
      .map((d) => path.join(d.parentPath, d.name))
      .filter((f) => path.basename(f) !== 'manifest.json')
      .sort()
      .map((f) => [path.relative(dir, f), readFileSync(f)]),
  );
}

let m: EncounterManifest;
let straight: string;
const run = (out: string) => ['run', '--manifest', m.manifest, '--out', out, '--batch-id', 'n', '--quiet', ...FORMAT];
const resume = (out: string) => chartcoder(['run', '--resume', 'n', '--out', out, '--quiet']);

function expectAsStraight(out: string): void {
  const want = tree(path.join(straight, 'n'));
  const got = tree(path.join(out, 'n'));
  expect([...got.keys()]).toEqual([...want.keys()]);
  for (const [f, bytes] of want) expect(got.get(f)!.equals(bytes), f).toBe(true);
}

beforeAll(() => {
  m = encounterManifest(120);
  straight = tmp('cc-enc-straight-');
  expect(chartcoder(run(straight)).status).toBe(2); // the unreadable PDF and the disagreeing documents
  const charts = readFileSync(path.join(straight, 'n', 'charts.csv'), 'utf8')
    .trim()
    .split('\n');
  expect(charts).toHaveLength(m.documents + 1);
}, 120_000);

describe('a batch of encounters after kill -9', () => {
  it('resumes mid-run to the same bytes, keeping only whole encounters', async () => {
    const out = tmp('cc-enc-killed-');
    const child = spawn(process.execPath, [bin, ...run(out), '--workers', '1', '-j', '1'], {
      stdio: 'ignore',
      // Killed (SIGKILL) once 10 entries (encounters, or charts outside one) are journaled: an exact point,
      // no waiting on time.
      env: { ...process.env, CHARTCODER_TEST_FAULT: 'crash-after:10' },
    });
    expect(await new Promise((r) => child.on('exit', (_c, s) => r(s)))).toBe('SIGKILL');
    // Journaled: whole encounters (each entry lists its documents), never one document of a larger one.
    const kept = readFileSync(path.join(out, '.n.partial', 'journal.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l.slice(9)));
    expect(kept).toHaveLength(10);
    expect(kept.some((e) => e.documents?.length > 1)).toBe(true);
    const r = resume(out);
    expect(r.stderr).toMatch(/^3 chart\(s\) failed/); // the unreadable PDF and the two disagreeing documents
    expect(r.status).toBe(2);
    expect(Number(/resumed, (\d+) coded now/.exec(r.stdout)?.[1])).toBeLessThan(m.documents);
    expectAsStraight(out);
  }, 180_000);

  it.each(['sink-closed', 'journal-closed', 'commit-manifest'])(
    'killed at %s: resumed to the same bytes',
    (point) => {
      const out = tmp(`cc-enc-${point}-`);
      expect(chartcoder(run(out), `crash:${point}`).signal).toBe('SIGKILL');
      expect(resume(out).status).toBe(2);
      expectAsStraight(out);
    },
    120_000,
  );
});
