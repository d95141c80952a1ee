/**
 * Every `--help` text against its golden file (test/cli/golden/): a changed option, default or wording
 * shows up as a diff to review. After an intended change: `UPDATE_GOLDEN=1 npx vitest run test/cli/help.test.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';

const golden = path.join(import.meta.dirname, 'golden');
const commands: [string, string[]][] = [
  ['chartcoder', ['--help']],
  ['run', ['run', '--help']],
  ['worker', ['worker', '--help']],
  ['eval', ['eval', '--help']],
  ['calibrate', ['calibrate', '--help']],
  ['train', ['train', '--help']],
  ['explain', ['explain', '--help']],
  ['codes', ['codes', '--help']],
  ['review', ['review', '--help']],
];

describe('--help texts', () => {
  it.each(commands)('%s --help matches its golden file', async (name, args) => {
    const { code, stdout } = await cli(args);
    expect(code).toBe(0);
    const file = path.join(golden, `${name}-help.txt`);
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, stdout);
    expect(stdout).toBe(readFileSync(file, 'utf8'));
  });
});
