import { describe, expect, it } from 'vitest';
import type { CodeSuggestion } from '../../src/contract/chart-record.js';
import { newRecord } from '../../src/pipeline/process-chart.js';
import { codeRows } from '../../src/write-review-batch/rows.js';

const code = (c: string, at: number, status: 'auto' | 'review', flags: string[] = []): CodeSuggestion => ({
  system: 'icd10cm',
  code: c,
  title: c,
  confidence: status === 'auto' ? 0.95 : 0.5,
  status,
  flags,
  alternatives: [],
  evidence: [
    {
      range: { start: at, end: at + 3 },
      text: 'x',
      section: 'assessment',
      page: 1,
      mentionId: 'm1',
      assertion: 'present',
    },
  ],
  features: { matchType: 'exact' },
});

describe('codes.csv rows of one chart', () => {
  it('put the review rows first, each group in the order of the note', () => {
    const r = newRecord({ id: 'c1', path: 'c1.txt' }, 'outpatient');
    r.codes = [
      code('I10', 50, 'auto'),
      code('E11.9', 10, 'auto'),
      code('R07.9', 90, 'review', ['low_confidence']),
      code('H66.90', 30, 'review', ['query_provider:laterality']),
    ];
    expect(codeRows('b', r).map((x) => [x.code, x.status])).toEqual([
      ['H66.90', 'review'],
      ['R07.9', 'review'],
      ['E11.9', 'auto'],
      ['I10', 'auto'],
    ]);
  });
});
