import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';

/** Runs the CLI in-process with captured streams, as a user at a terminal would see it. */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d));
  err.on('data', (d: Buffer) => (stderr += d));
  const code = await main(args, { stdout: out, stderr: err as unknown as NodeJS.WriteStream });
  return { code, stdout, stderr };
}
