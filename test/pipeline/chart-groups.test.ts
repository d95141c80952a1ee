import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/contract/chart-record.js';
import type { ChartInput } from '../../src/ingest/list-inputs.js';
import { chartGroups, guardGroups, type CodeGroup } from '../../src/pipeline/chart-groups.js';
import type { CodedChart } from '../../src/contract/stage.js';

const inputs = (names: string[]): ChartInput[] => names.map((n) => ({ id: n, path: `/charts/${n}` }));
const ok = (input: ChartInput): CodedChart => ({ id: input.id, failed: false, line: `coded ${input.id}` });
const failed = (input: ChartInput, issue: Issue): CodedChart => ({ id: input.id, failed: true, line: `${issue.code} ${input.id}` });

describe('chartGroups', () => {
  it('groups consecutive text charts and sends each PDF alone, keeping every chart once and in order', () => {
    const list = inputs(['a.txt', 'b.txt', 'c.txt', 'd.PDF', 'e.txt', 'f.txt', 'g.pdf', 'h.pdf', 'i.txt']);
    const groups = [...chartGroups(list, 2)];
    expect(groups.map((g) => [g.first, g.inputs.map((i) => i.id)])).toEqual([
      [0, ['a.txt', 'b.txt']],
      [2, ['c.txt']],
      [3, ['d.PDF']],
      [4, ['e.txt', 'f.txt']],
      [6, ['g.pdf']],
      [7, ['h.pdf']],
      [8, ['i.txt']],
    ]);
    expect(groups.flatMap((g) => g.inputs)).toEqual(list);
  });
});

describe('guardGroups', () => {
  it('returns what a group codes when all goes well', async () => {
    const calls: string[][] = [];
    const run: CodeGroup = async (group) => {
      calls.push(group.map((i) => i.id));
      return group.map(ok);
    };
    const out = await guardGroups(run, 1000, 500, failed)(inputs(['a', 'b', 'c']));
    expect(out.map((c) => c.line)).toEqual(['coded a', 'coded b', 'coded c']);
    expect(calls).toEqual([['a', 'b', 'c']]);
  });

  it('codes a failed group again one chart at a time, so only the chart at fault fails', async () => {
    const run: CodeGroup = async (group) => {
      if (group.some((i) => i.id === 'bad')) throw new RangeError('worker ran out of memory');
      return group.map(ok);
    };
    const out = await guardGroups(run, 1000, 500, failed)(inputs(['a', 'bad', 'c']));
    expect(out.map((c) => [c.id, c.failed, c.line])).toEqual([
      ['a', false, 'coded a'],
      ['bad', true, 'WORKER_FAILED bad'],
      ['c', false, 'coded c'],
    ]);
  });

  it('times out only the chart stuck inside a stage, and codes the rest of its group', async () => {
    const run: CodeGroup = (group) => (group.some((i) => i.id === 'stuck') ? new Promise<CodedChart[]>(() => undefined) : Promise.resolve(group.map(ok)));
    const out = await guardGroups(run, 30, 10, failed)(inputs(['a', 'stuck', 'c']));
    expect(out.map((c) => [c.id, c.failed, c.line])).toEqual([
      ['a', false, 'coded a'],
      ['stuck', true, 'CHART_TIMEOUT stuck'],
      ['c', false, 'coded c'],
    ]);
  });
});
