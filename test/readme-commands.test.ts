/**
 * Every command README.md shows, run as printed. The fenced shell blocks are parsed (continuation lines joined,
 * `$ ` prompts and `# comments` dropped, `a && b` split); each `chartcoder …` / `npx chartcoder …` line runs in bash,
 * in a scratch working folder laid out as the README assumes: `fixtures/` of this checkout, `../shared` beside it
 * (when the shared data is on this machine), the charts the examples name (`notes/`, `scans/2026-11-23/`, `charts/`,
 * `tonight.csv` = the README's manifest example), and HOME pointing at a scratch folder (the default code store).
 * `chartcoder` and `npx chartcoder` are the built CLI of this checkout (one build, no npx download).
 *
 * Order: README's order, except that the Code sets block runs right after the Quick start (later commands name the
 * store it fills). Placeholders: `<batch-id>` is the Quick start's batch, `<earlier-time>` the first evaluation's.
 * Exempt lines are listed in EXEMPT with the reason and where they are tested instead.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/contract/paths.js';
import { scratch } from './support/code-samples.js';
import { makePdf } from './support/make-pdf.js';

const readme = readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
const sharedData = path.resolve(packageRoot, '..', 'shared', 'data');
const hasShared = existsSync(sharedData);

/** Lines that are not run, and why. */
const EXEMPT: [RegExp, string][] = [
  [/^npm ci$/, 'installs the project: the set-up step CI itself runs before this suite'],
  [/^npm test$/, 'this suite itself'],
  [
    /--queue redis:\/\/queue\.internal/,
    "names a host of the reader's network; test/queue runs both with a local redis",
  ],
  [/eval --codiesp/, 'the CodiEsp benchmark: minutes; figures in docs/benchmarks.md, test/evaluate/codiesp.test.ts'],
  [/train --codiesp/, 'trains the shipped CodiEsp model: minutes, and rewrites pipelines/models'],
  [/train --gold/, 'cross-validated training: about a minute; test/train covers it on the same gold'],
  [/calibrate --gold/, 'rewrites the shipped pipelines/calibration files; test/cli/calibrate.test.ts runs it'],
];

interface Command {
  line: number;
  text: string;
}

/** The commands of README's unlabelled (shell) fenced blocks, in order, one list per block. */
function readmeCommands(): Command[][] {
  const blocks: Command[][] = [];
  let block: Command[] | undefined;
  let inside = false;
  let pending = '';
  readme.split('\n').forEach((raw, i) => {
    if (raw.startsWith('```')) {
      inside = !inside;
      block = inside && raw === '```' ? [] : undefined; // ```json, ```ts: not shell
      if (block) blocks.push(block);
      return;
    }
    if (!block) return;
    const joined = pending + raw.replace(/^\$ /, '');
    if (/\\\s*$/.test(raw)) {
      pending = joined.replace(/\\\s*$/, ' ');
      return;
    }
    pending = '';
    const text = joined.replace(/\s+#\s.*$/, '').trim();
    for (const part of text.split(' && '))
      if (/^(npx |npm |chartcoder )/.test(part)) block.push({ line: i + 1, text: part });
  });
  return blocks.filter((b) => b.length > 0);
}

const bin = path.join(packageRoot, 'bin', 'chartcoder.js');
const prelude = `chartcoder() { node ${JSON.stringify(bin)} "$@"; }
npx() { if [ "$1" = chartcoder ]; then shift; chartcoder "$@"; else echo "npx $1: not run here" >&2; return 127; fi; }
`;

function sh(cmd: string, cwd: string, home: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-c', prelude + cmd],
      { cwd, env: { ...process.env, HOME: home }, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 },
      (e, stdout, stderr) => resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Starts the review server as printed, checks the page it names answers, and stops it. */
function serveOnce(cmd: string, cwd: string, home: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', prelude + cmd], { cwd, env: { ...process.env, HOME: home }, detached: true });
    let out = '';
    let asked = false;
    const stop = () => process.kill(-child.pid!, 'SIGTERM');
    const timer = setTimeout(() => (stop(), reject(new Error(`no URL from: ${cmd}`))), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const url = /http:\/\/127\.0\.0\.1:\d+\/[^\s/]+\//.exec(out)?.[0];
      if (!url || asked) return;
      asked = true;
      clearTimeout(timer);
      fetch(url)
        .then((r) => r.status, reject)
        .then((status) => (stop(), resolve(status as number)));
    });
  });
}

/** The working folder README's examples assume. */
async function workingFolder(): Promise<{ cwd: string; home: string }> {
  const root = scratch('cc-readme-');
  const cwd = path.join(root, 'chartcoder');
  const home = path.join(root, 'home');
  mkdirSync(cwd);
  mkdirSync(home);
  symlinkSync(path.join(packageRoot, 'fixtures'), path.join(cwd, 'fixtures'));
  if (hasShared) symlinkSync(path.resolve(sharedData, '..'), path.join(root, 'shared'));
  const chart = (name: string) => readFileSync(path.join(packageRoot, 'fixtures', 'charts', name));
  for (const dir of ['notes', 'scans/2026-11-23', 'charts']) mkdirSync(path.join(cwd, dir), { recursive: true });
  writeFileSync(path.join(cwd, 'notes', 'ov-17.txt'), chart('ov-diabetes-neuropathy.txt'));
  writeFileSync(path.join(cwd, 'notes', 'A1002.txt'), chart('ov-gi-gerd-ibs.txt'));
  writeFileSync(
    path.join(cwd, 'notes', 'A1001.pdf'),
    await makePdf(['DISCHARGE DIAGNOSES:\n1. Community-acquired pneumonia.\n2. Essential hypertension.']),
  );
  writeFileSync(path.join(cwd, 'scans', '2026-11-23', 'ed-1.txt'), chart('ed-asthma-exacerbation.txt'));
  for (const name of ['op-lap-appendectomy.txt', 'dc-chf-exacerbation.txt'])
    cpSync(path.join(packageRoot, 'fixtures', 'charts', name), path.join(cwd, 'charts', name));
  const manifest = /Manifest CSV[\s\S]*?```\n([\s\S]*?)```/.exec(readme)![1]!;
  writeFileSync(path.join(cwd, 'tonight.csv'), manifest);
  return { cwd, home };
}

describe("README's commands, as printed", async () => {
  const blocks = readmeCommands();
  const quickStart = readme.split('\n').indexOf('## Quick start') + 1;
  const afterQuickStart = blocks.findIndex((b) => b[0]!.line > quickStart) + 1;
  const codeSets = blocks.find((b) => b.some((c) => c.text.includes('codes import')))!;
  const ordered = [
    ...blocks.slice(0, afterQuickStart),
    codeSets,
    ...blocks.slice(afterQuickStart).filter((b) => b !== codeSets),
  ];
  const { cwd, home } = await workingFolder();
  const vars: Record<string, string> = {};
  const results: { cmd: Command; code: number | string; stdout: string; stderr: string }[] = [];
  for (const cmd of ordered.flat()) {
    const exempt = EXEMPT.find(([re]) => re.test(cmd.text));
    const needsShared =
      cmd.text.includes('../shared') ||
      cmd.text.includes('~/.chartcoder') ||
      / codes (list|show|search)/.test(cmd.text);
    if (exempt) {
      results.push({ cmd, code: `exempt: ${exempt[1]}`, stdout: '', stderr: '' });
      continue;
    }
    if (needsShared && !hasShared) {
      results.push({ cmd, code: 'skipped: ../shared/data is not on this machine', stdout: '', stderr: '' });
      continue;
    }
    const text = cmd.text.replace(/<(batch-id|earlier-time)>/g, (_, k: string) => vars[k] ?? `<${k}>`);
    if (text.includes('review ') && text.includes('--coder')) {
      results.push({
        cmd,
        code: (await serveOnce(text, cwd, home)) === 200 ? 0 : 'page did not answer 200',
        stdout: '',
        stderr: '',
      });
      continue;
    }
    const r = await sh(text, cwd, home);
    results.push({ cmd, ...r });
    vars['batch-id'] ??= /written to output\/(\S+)/.exec(r.stdout)?.[1] ?? '';
    if (!vars['earlier-time']) {
      const evals = existsSync(path.join(cwd, 'output'))
        ? readdirSync(path.join(cwd, 'output')).filter((d) => /^eval-\d/.test(d))
        : [];
      if (evals[0]) vars['earlier-time'] = evals[0].slice('eval-'.length);
    }
  }

  it('finds the commands (and the exemptions name real lines)', () => {
    expect(results.length).toBeGreaterThan(25);
    for (const [re] of EXEMPT) expect(results.some((r) => re.test(r.cmd.text))).toBe(true);
  });

  it('runs every other command with exit 0', () => {
    const failed = results
      .filter((r) => typeof r.code === 'number' && r.code !== 0)
      .map((r) => `README.md:${r.cmd.line} exit ${r.code}: ${r.cmd.text}\n${r.stderr.slice(-600)}`);
    expect(failed).toEqual([]);
    const ran = results.filter((r) => r.code === 0).length;
    expect(ran).toBeGreaterThan(hasShared ? 20 : 10);
  });

  it("prints the Quick start's output as shown (batch id and timing aside)", () => {
    const shown = /## Quick start\n\n```\n\$ (.*)\n([\s\S]*?)```/.exec(readme)!;
    const run = results.find((r) => r.cmd.text === shown[1])!;
    const normalize = (s: string) =>
      s.replace(/\d{8}-\d{6}/g, '<id>').replace(/in [\d.]+s, [\d.]+ charts\/s/, 'in <t>');
    expect(normalize(run.stdout)).toBe(normalize(shown[2]!));
  });

  it('the manifest example codes each chart with the release in force on its date', () => {
    const run = results.find((r) => r.cmd.text.includes('--manifest tonight.csv') && r.code === 0);
    expect(run).toBeDefined();
    const batch = /written to (\S+)/.exec(run!.stdout)![1]!;
    const charts = readFileSync(path.join(cwd, batch, 'charts.csv'), 'utf8');
    expect(charts).not.toMatch(/CODESET_DATE_OUTSIDE_RELEASES|INPUT_MANIFEST_ROW_INVALID/);
    expect(charts.match(/,ok,/g)).toHaveLength(2);
  });
});
