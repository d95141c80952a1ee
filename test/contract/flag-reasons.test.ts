import { describe, expect, it } from 'vitest';
import { FLAG_REASONS, flagReason, isQueryProvider, withoutQueryProvider } from '../../src/contract/flag-reasons.js';
import { readmeTable } from '../support/readme-table.js';

/** The flag names of README's "Flag reasons" table, each without its `:<detail>` or `(<what>)` part. */
function readmeFlags(): string[] {
  return readmeTable(/\nFlag reasons[^\n]*:\n/).map(
    ([flag]) => /^`([a-z0-9_]+)/.exec(flag!)?.[1] ?? `unreadable: ${flag}`,
  );
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
