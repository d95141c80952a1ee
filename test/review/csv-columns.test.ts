/** The column-array CSV reader gives the cells csv-parse gives, for what csv-stringify writes. */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvColumns } from '../../src/review/csv-columns.js';

describe('csvColumns', () => {
  it('reads quoted cells, doubled quotes, line breaks in cells, CRLF, a BOM and short rows as csv-parse does', () => {
    const rows = [
      ['id', 'path', 'note', 'n'],
      ['a', '/x/a,b.txt', 'say "hi"\nnext line', '1'],
      ['b', '', '', ''],
      ['c', 'p', 'x\r\ny', '3'],
    ];
    for (const eol of ['\n', '\r\n']) {
      const text = `\ufeff${stringify(rows, { record_delimiter: eol === '\n' ? 'unix' : 'windows' })}`;
      const want = parse(text, { bom: true, columns: true }) as Record<string, string>[];
      const cols = csvColumns(text, ['id', 'note', 'n', 'absent']);
      expect(cols.id).toEqual(want.map((r) => r.id));
      expect(cols.note).toEqual(want.map((r) => r.note));
      expect(cols.n).toEqual(want.map((r) => r.n));
      expect(cols.absent).toBeUndefined();
    }
    expect(csvColumns('a,b\n1\n2,3', ['a', 'b'])).toEqual({ a: ['1', '2'], b: ['', '3'] });
    expect(() => csvColumns('a\n"open', ['a'], 'charts.csv')).toThrow(
      /^INPUT_BATCH_INVALID: charts\.csv: .*unterminated quoted field in row 2/,
    );
  });
});
