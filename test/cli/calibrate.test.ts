import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { evalDir, readMetrics } from '../support/eval-output.js';
import { packageRoot } from '../../src/contract/paths.js';

const gold = path.join(packageRoot, 'fixtures', 'gold');
const goldCodes = readdirSync(gold).reduce(
  (s, f) => s + JSON.parse(readFileSync(path.join(gold, f), 'utf8')).codes.length,
  0,
);

/** A copy of the outpatient pipeline in a scratch folder, its score-confidence options replaced. */
function pipelineCopy(dir: string, scoreOptions: Record<string, unknown>): string {
  const cfg = JSON.parse(readFileSync(path.join(packageRoot, 'pipelines', 'outpatient.json'), 'utf8'));
  cfg.name = 'scratch';
  cfg.stages.find((s: { stage: string }) => s.stage === 'score-confidence').options = scoreOptions;
  const file = path.join(dir, 'scratch.json');
  writeFileSync(file, JSON.stringify(cfg, null, 2));
  return file;
}

describe('chartcoder calibrate', () => {
  it('fits on gold, writes the same file every run, and eval afterwards scores with it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-calibrate-'));
    // a config that names no calibration file yet: the fit goes to calibration/<name>.json and the user is told
    const bare = pipelineCopy(dir, {});
    const first = await cli(['calibrate', '--gold', gold, '--pipeline', bare, '--folds', '3']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/before \(prior weights\)/);
    expect(first.stdout).toMatch(/after, cross-validated \(3-fold\)/);
    expect(first.stdout).toContain('not used yet: add "calibration": "calibration/scratch.json"');
    const file = path.join(dir, 'calibration', 'scratch.json');
    const bytes = readFileSync(file, 'utf8');
    const fit = JSON.parse(bytes);
    expect(fit.fittedOn).toMatchObject({ charts: 61, goldCodes, folds: 3 });
    expect(fit.threshold).toBeGreaterThan(0);
    expect(fit.figures.inSample.autoPrecision).toBeGreaterThanOrEqual(0.95);
    expect(fit.figures.inSample.ece).toBeLessThan(fit.figures.prior.ece);

    // named in the config: rerun writes byte-identical output, and says it replaced the previous fit
    const named = pipelineCopy(dir, { calibration: 'calibration/scratch.json' });
    const second = await cli(['calibrate', '--gold', gold, '--pipeline', named, '--folds', '3']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/before \(previous scratch\.json\)/);
    expect(second.stdout).not.toContain('not used yet');
    expect(readFileSync(file, 'utf8')).toBe(bytes);

    const out = path.join(dir, 'out');
    const ev = await cli(['eval', '--gold', gold, '--pipeline', named, '--out', out]);
    expect(ev.code).toBe(0);
    const metrics = readMetrics(evalDir(out));
    // the batch was scored by the stored fit: eval sees exactly the auto rows calibrate measured
    expect(metrics.auto.rows).toBe(fit.figures.inSample.autoRows);
    expect(metrics.auto.precision).toBeCloseTo(fit.figures.inSample.autoPrecision, 6);
    expect(metrics.calibration.ece).toBeCloseTo(fit.figures.inSample.ece, 6);
    const manifest = JSON.parse(readFileSync(path.join(metrics.batch, 'manifest.json'), 'utf8'));
    const stage = manifest.pipeline.config.stages.find((s: { stage: string }) => s.stage === 'score-confidence');
    expect(stage.options.calibration).toMatchObject({ file, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('writes nothing on --dry-run, refuses bad options, and documents itself in --help', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-calibrate2-'));
    expect((await cli(['calibrate', '--gold', gold, '--pipeline', pipelineCopy(dir, {}), '--folds', '1'])).code).toBe(
      1,
    );
    expect((await cli(['calibrate', '--gold', gold, '--target-precision', '1.5'])).code).toBe(1);
    expect((await cli(['calibrate'])).code).toBe(1);
    const help = await cli(['calibrate', '--help']);
    for (const opt of [
      '--gold',
      '--pipeline',
      '--method',
      '--target-precision',
      '--folds',
      '--l2',
      '--dry-run',
      'cross-validation',
    ])
      expect(help.stdout).toContain(opt);
    expect((await cli(['--help'])).stdout).toContain('calibrate');
    expect(existsSync(path.join(dir, 'calibration'))).toBe(false);
  });
});
