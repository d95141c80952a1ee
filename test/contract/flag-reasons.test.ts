import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAG_REASONS, flagReason, isQueryProvider, withoutQueryProvider } from '../../src/contract/flag-reasons.js';
import { packageRoot } from '../../src/contract/paths.js';

/** The flag names of README's "Flag reasons" table, each without its `:<detail>` or `(<what>)` part. */
function readmeFlags(): string[] {
  const readme = readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
  const table = readme
    .split(/\nFlag reasons[^\n]*:\n/)[1]!
    .trim()
    .split('\n\n')[0]!;
  return table
    .split('\n')
    .slice(2) // header and rule
    .map((row) => /^\| `([a-z0-9_]+)/.exec(row)?.[1] ?? `unreadable row: ${row}`);
}

describe('flag reasons', () => {
  it("README's table lists exactly the reasons of the vocabulary, in its order", () => {
    expect(readmeFlags()).toEqual(Object.keys(FLAG_REASONS));
  });

  it('reads a flag’s reason with or without its detail', () => {
    expect(flagReason('query_provider:laterality')).toBe('query_provider');
    expect(flagReason('use_additional_code:N18 (CKD stage)')).toBe('use_additional_code');
    expect(flagReason('low_confidence')).toBe('low_confidence');
    expect(isQueryProvider('query_provider:acuity')).toBe(true);
    expect(isQueryProvider('low_confidence')).toBe(false);
    expect(withoutQueryProvider(['query_provider:type', 'history_of', 'query_provider:stage'])).toEqual(['history_of']);
  });
});
