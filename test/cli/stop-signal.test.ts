import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { corpus } from '../support/corpus.js';

const bin = path.join(packageRoot, 'bin', 'chartcoder.js');
const env = { ...process.env, NO_COLOR: '1' };
delete env.CHARTCODER_TEST_FAULT;
const chartcoder = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });

async function stoppedBy(
  signal: NodeJS.Signals,
  input: string,
  out: string,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    [bin, 'run', input, '--out', out, '--batch-id', 'night', '--quiet', '--workers', '1', '-j', '1'],
    // The run sends itself the signal once 40 charts are written: an exact point, no waiting on time.
    { env: { ...env, CHARTCODER_TEST_FAULT: `signal-after:40:${signal}` }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  return { code, stderr };
}

describe('SIGTERM / SIGINT during a run', () => {
  const input = corpus(300);
  const straight = mkdtempSync(path.join(tmpdir(), 'cc-signal-straight-'));

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s: exit 3, the --resume command printed, and that command finishes the batch byte-identical',
    async (signal) => {
      if (!existsSync(path.join(straight, 'night')))
        expect(chartcoder(['run', input, '--out', straight, '--batch-id', 'night', '--quiet']).status).toBe(0);
      const out = mkdtempSync(path.join(tmpdir(), `cc-${signal}-`));
      const stopped = await stoppedBy(signal, input, out);
      expect(stopped.code).toBe(3);
      expect(stopped.stderr).toContain(`stopped by ${signal}`);
      expect(stopped.stderr).toContain(`chartcoder run --resume night --out ${out}`);
      expect(existsSync(path.join(out, 'night'))).toBe(false);
      const resumed = chartcoder(['run', '--resume', 'night', '--out', out, '--quiet']);
      expect(resumed.status).toBe(0);
      expect(Number(/resumed, (\d+) coded now/.exec(resumed.stdout)?.[1])).toBeLessThan(300);
      for (const f of ['codes.csv', 'charts.csv'])
        expect(readFileSync(path.join(out, 'night', f)).equals(readFileSync(path.join(straight, 'night', f))), f).toBe(
          true,
        );
    },
    120_000,
  );
});
