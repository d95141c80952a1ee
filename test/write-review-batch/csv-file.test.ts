import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvHeader, csvLines, safeCell } from '../../src/write-review-batch/csv-file.js';

/** The one line `csvLines` makes of a single cell, without its CRLF. */
const cell = (value: string | number | undefined) => csvLines([{ c: value as string | number }], ['c']).slice(0, -2);

describe('CSV encoding', () => {
  it('quotes only cells that need it and doubles their quotes', () => {
    expect(cell('Chronic sinusitis')).toBe('Chronic sinusitis');
    expect(cell('Dermatitis, unspecified')).toBe('"Dermatitis, unspecified"');
    expect(cell('he said "pain"')).toBe('"he said ""pain"""');
    expect(cell('line one\r\nline two')).toBe('"line one\r\nline two"');
    expect(cell('')).toBe('');
    expect(cell(undefined)).toBe('');
    expect(cell(0)).toBe('0');
  });

  it('turns every formula start into text, and leaves negative numbers as numbers', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'])
      expect(cell(`${start}HYPERLINK("x")`)).toMatch(/^"?'/);
    expect(cell('\rcmd')).toBe(`"'\rcmd"`);
    expect(cell('-2+3')).toBe("'-2+3");
    expect(cell(-0.25)).toBe('-0.25');
  });

  it('reads back cell for cell with a CSV parser, one CRLF-ended line per row', () => {
    const columns = ['id', 'text', 'n'];
    const rows = [
      { id: 'a', text: 'plain', n: 1 },
      { id: 'b, c', text: 'two\nlines "quoted"', n: 0.5 },
      { id: '', text: ',,', n: 2 },
    ];
    const text = csvLines(rows, columns);
    expect(text.split('\r\n')).toHaveLength(rows.length + 1); // a CRLF after each row, and none inside a cell
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parse(text)).toEqual(rows.map((r) => [r.id, r.text, String(r.n)]));
  });

  it('starts a file with the BOM and the column names', () => {
    expect(csvHeader(['chart_id', 'codes'])).toBe('\uFEFFchart_id,codes\r\n');
  });

  it('never writes a cell longer than a spreadsheet holds (32,767 characters): a longer one is cut and says so', () => {
    const long = safeCell('x'.repeat(5_000_000));
    expect(long).toHaveLength(32_767);
    expect(long.endsWith(' [cut]')).toBe(true);
    expect(safeCell('y'.repeat(32_767))).toHaveLength(32_767);
    expect(safeCell(`=${'z'.repeat(40_000)}`)).toHaveLength(32_767);
  });
});
