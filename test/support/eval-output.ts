/** What `chartcoder eval` wrote into its --out folder: the evaluation folders, the batch it ran, the metrics. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/contract/paths.js';

/** The gold fixtures every eval test scores against. */
export const GOLD = path.join(packageRoot, 'fixtures', 'gold');

/** The evaluation folders (`eval-<time>`), oldest first. */
export const evalDirs = (out: string): string[] =>
  readdirSync(out)
    .filter((d) => d.startsWith('eval-2'))
    .sort()
    .map((d) => path.join(out, d));

/** The first evaluation folder. */
export const evalDir = (out: string): string => evalDirs(out)[0]!;

/** The batch eval ran on the gold charts (`eval-run-<time>`). */
export const evalBatchDir = (out: string): string =>
  path.join(
    out,
    readdirSync(out).find((d) => d.startsWith('eval-run-'))!,
  );

/** metrics.json of an evaluation folder, parsed (tests read it as any JSON). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const readMetrics = (dir: string): any => JSON.parse(readFileSync(path.join(dir, 'metrics.json'), 'utf8'));
