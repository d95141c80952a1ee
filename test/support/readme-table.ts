import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/contract/paths.js';

/**
 * The body rows of the README table that follows the line `heading` matches (header and rule left off),
 * each as its cells, trimmed. A `|` inside a cell is not supported: the vocabulary tables have none.
 */
export function readmeTable(heading: RegExp): string[][] {
  const readme = readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
  const after = readme.split(heading)[1];
  if (after === undefined) throw new Error(`README has no line matching ${heading}`);
  return after
    .trim()
    .split('\n\n')[0]!
    .split('\n')
    .slice(2)
    .map((row) =>
      row
        .replace(/^\|/, '')
        .replace(/\|$/, '')
        .split(' | ')
        .map((c) => c.trim()),
    );
}
