/** A corpus of `count` charts for batch tests: the fixture charts copied over and over under new names. */
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../src/contract/paths.js';

export function corpus(count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-corpus-'));
  const src = path.join(packageRoot, 'fixtures', 'charts');
  const files = readdirSync(src).sort();
  for (let i = 0; i < count; i++)
    cpSync(path.join(src, files[i % files.length]!), path.join(dir, `c${String(i).padStart(4, '0')}.txt`));
  return dir;
}
