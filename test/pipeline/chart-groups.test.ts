import { describe, expect, it } from 'vitest';
import type { ChartInput } from '../../src/ingest/list-inputs.js';
import { chartGroups } from '../../src/pipeline/chart-groups.js';

const inputs = (names: string[]): ChartInput[] => names.map((n) => ({ id: n, path: `/charts/${n}` }));

describe('chartGroups', () => {
  it('groups consecutive text charts and sends each PDF or page image alone, keeping every chart once and in order', () => {
    const list = inputs([
      'a.txt',
      'b.txt',
      'c.txt',
      'd.PDF',
      'e.txt',
      'f.txt',
      'g.pdf',
      'h.pdf',
      'i.txt',
      'j.tif',
      'k.TIFF',
      'l.txt',
      'm.png',
      'n.jpg',
      'o.jpeg',
      'p.txt',
    ]);
    const groups = [...chartGroups(list, 2)];
    expect(groups.map((g) => [g.first, g.inputs.map((i) => i.id)])).toEqual([
      [0, ['a.txt', 'b.txt']],
      [2, ['c.txt']],
      [3, ['d.PDF']],
      [4, ['e.txt', 'f.txt']],
      [6, ['g.pdf']],
      [7, ['h.pdf']],
      [8, ['i.txt']],
      [9, ['j.tif']],
      [10, ['k.TIFF']],
      [11, ['l.txt']],
      [12, ['m.png']],
      [13, ['n.jpg']],
      [14, ['o.jpeg']],
      [15, ['p.txt']],
    ]);
    expect(groups.flatMap((g) => g.inputs)).toEqual(list);
  });
});
