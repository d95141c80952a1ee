import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ISSUE_CODES, isIssueCode } from '../../src/contract/issue-codes.js';
import { packageRoot } from '../../src/contract/paths.js';
import { readmeTable } from '../support/readme-table.js';

describe('issue codes', () => {
  it("README's table lists exactly the codes of the vocabulary, in its order, each with the module's meaning", () => {
    const rows = readmeTable(/\nIssue codes [^\n]*:\n/).map((cells) => [
      /^`([A-Z0-9_]+)`$/.exec(cells[0]!)?.[1],
      cells[1],
    ]);
    expect(rows).toEqual(Object.entries(ISSUE_CODES));
  });

  it('every code the source writes is in the vocabulary, and every code of the vocabulary is written somewhere', () => {
    const src = path.join(packageRoot, 'src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && f !== path.join('contract', 'issue-codes.ts'),
    );
    const text = files.map((f) => readFileSync(path.join(src, f), 'utf8')).join('\n');
    const written = new Set(
      [
        ...text.matchAll(
          /'((?:INGEST|CHART|WORKER|STAGE|ENCOUNTER|INPUT_NAME|INPUT_DUPLICATE|INPUT_ENCOUNTER|INPUT_MANIFEST_ROW)_[A-Z0-9_]+)'/g,
        ),
      ].map((m) => m[1]!),
    );
    expect([...written].filter((c) => !isIssueCode(c))).toEqual([]);
    // CODESET_* reach a chart through the code-set errors of release-stages, not as a literal issue.
    expect(Object.keys(ISSUE_CODES).filter((c) => !written.has(c) && !c.startsWith('CODESET_'))).toEqual([]);
  });

  it('tells issue codes from run errors', () => {
    expect(isIssueCode('CHART_TIMEOUT')).toBe(true);
    expect(isIssueCode('OUTPUT_EXISTS')).toBe(false);
    expect(isIssueCode('toString')).toBe(false);
  });
});
