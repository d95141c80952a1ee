import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';

const bin = path.join(packageRoot, 'bin', 'chartcoder.js');
const tmp = (p: string) => mkdtempSync(path.join(tmpdir(), p));

/** The CLI as cron runs it; `fault` is a test fault (see src/batch/test-faults.ts). */
function chartcoder(args: string[], fault?: string) {
  const env = { ...process.env, NO_COLOR: '1' };
  if (fault) env.CHARTCODER_TEST_FAULT = fault;
  else delete env.CHARTCODER_TEST_FAULT;
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });
}

const input = tmp('cc-crash-in-');
for (const f of readdirSync(path.join(packageRoot, 'fixtures', 'charts'))
  .filter((n) => n.endsWith('.txt'))
  .slice(0, 5))
  cpSync(path.join(packageRoot, 'fixtures', 'charts', f), path.join(input, f));
const run = (out: string) => ['run', input, '--out', out, '--batch-id', 'night', '--quiet', '--workers', '1'];
const resume = (out: string) => ['run', '--resume', 'night', '--out', out, '--quiet', '--workers', '1'];

/** The uninterrupted batch every resumed one must equal: the run that goes ahead after a kill before the folder existed. */
const straight = tmp('cc-crash-open-');
const bytes = (out: string, f: string) => readFileSync(path.join(out, 'night', f));

function expectFinishedLikeStraight(out: string): void {
  expect(readdirSync(path.join(out, 'night')).sort()).toEqual(['_SUCCESS', 'charts.csv', 'codes.csv', 'manifest.json']);
  for (const f of ['codes.csv', 'charts.csv']) expect(bytes(out, f).equals(bytes(straight, f)), f).toBe(true);
  expect(readdirSync(out)).toEqual(['night']);
}

describe('every crash point leaves a batch that --resume finishes', () => {
  it('killed before the batch folder exists: no batch is left, and a new run with the same id goes ahead', () => {
    expect(chartcoder(run(straight), 'crash:open-staged').signal).toBe('SIGKILL');
    expect(existsSync(path.join(straight, '.night.partial'))).toBe(false);
    expect(chartcoder(run(straight)).status).toBe(0);
    expect(readdirSync(path.join(straight, 'night')).sort()).toEqual([
      '_SUCCESS',
      'charts.csv',
      'codes.csv',
      'manifest.json',
    ]);
    expect(readdirSync(straight)).toEqual(['night']);
  });

  it('killed at sink-closed: resume exits 0 and the batch is byte-identical, with nothing left over', () => {
    const out = tmp('cc-crash-sink-closed-');
    expect(chartcoder(run(out), 'crash:sink-closed').signal).toBe('SIGKILL');
    const r = chartcoder(resume(out));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expectFinishedLikeStraight(out);
  });

  // From manifest.json on, a run and a resume take one path (finishCommit), so the folder a kill at a later
  // point leaves is the same whichever of them was killed: each resume below is killed at the next point.
  it('killed at commit-manifest, then each resume at the next commit point: the last resume exits 0 and the batch is byte-identical', () => {
    const out = tmp('cc-crash-commit-');
    const partial = path.join(out, '.night.partial');
    expect(chartcoder(run(out), 'crash:commit-manifest').signal).toBe('SIGKILL');
    expect(readdirSync(partial)).toContain('manifest.json');
    expect(readdirSync(partial)).not.toContain('_SUCCESS');
    expect(chartcoder(resume(out), 'crash:commit-success').signal).toBe('SIGKILL');
    expect(readdirSync(partial)).toContain('_SUCCESS');
    expect(chartcoder(resume(out), 'crash:commit-renamed').signal).toBe('SIGKILL');
    expect(existsSync(partial)).toBe(false);
    expect(readdirSync(path.join(out, 'night'))).toContain('run.json');
    const r = chartcoder(resume(out));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expectFinishedLikeStraight(out);
  });

  it('a full disk: a coded message, exit 3 and the --resume command; that command finishes the batch', () => {
    const out = tmp('cc-full-');
    const r = chartcoder(run(out), 'full-disk:codes.csv');
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('OUTPUT_NOT_WRITABLE');
    expect(r.stderr).toContain('the disk is full');
    expect(r.stderr).not.toContain('    at ');
    expect(r.stderr).toContain(`chartcoder run --resume night --out ${out}`);
    expect(chartcoder(resume(out)).status).toBe(0);
    expectFinishedLikeStraight(out);
  });

  it('rules changed between the crash and the resume: the resume is refused, never a batch of two rule versions', () => {
    const dir = tmp('cc-crash-rules-');
    mkdirSync(path.join(dir, 'rules'));
    const pipeline = JSON.parse(readFileSync(path.join(packageRoot, 'pipelines', 'outpatient.json'), 'utf8'));
    const rules = path.join(dir, 'rules', 'sections.json');
    cpSync(path.join(packageRoot, 'pipelines', 'rules', 'sections.json'), rules);
    const stages = pipeline.stages.map((s: { stage: string }) =>
      s.stage === 'sectionize' ? { ...s, options: { rules: 'rules/sections.json' } } : s,
    );
    writeFileSync(path.join(dir, 'p.json'), JSON.stringify({ ...pipeline, stages }));
    const out = path.join(dir, 'out');
    expect(chartcoder([...run(out), '--pipeline', path.join(dir, 'p.json')], 'crash:sink-closed').signal).toBe(
      'SIGKILL',
    );
    const edited = JSON.parse(readFileSync(rules, 'utf8'));
    edited.categories[0].patterns.push('chief concern');
    writeFileSync(rules, JSON.stringify(edited));
    const r = chartcoder(resume(out));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('CONFIG_BAD_VALUE');
    expect(r.stderr).toContain('changed since the batch started');
  });
});
