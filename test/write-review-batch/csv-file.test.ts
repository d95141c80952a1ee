import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLines } from '../../src/write-review-batch/csv-file.js';

describe('CSV encoding', () => {
  it('quotes only cells that need it and doubles their quotes', () => {
    expect(csvCell('Chronic sinusitis')).toBe('Chronic sinusitis');
    expect(csvCell('Dermatitis, unspecified')).toBe('"Dermatitis, unspecified"');
    expect(csvCell('he said "pain"')).toBe('"he said ""pain"""');
    expect(csvCell('line one\r\nline two')).toBe('"line one\r\nline two"');
    expect(csvCell('')).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(0)).toBe('0');
  });

  it('turns every formula start into text, and leaves negative numbers as numbers', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']) expect(csvCell(`${start}HYPERLINK("x")`)).toMatch(/^"?'/);
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell(-0.25)).toBe('-0.25');
  });

  it('reads back cell for cell with a CSV parser, one CRLF-ended line per row', () => {
    const columns = ['id', 'text', 'n'];
    const rows = [
      { id: 'a', text: 'plain', n: 1 },
      { id: 'b, c', text: 'two\nlines "quoted"', n: 0.5 },
      { id: '', text: ',,', n: 2 },
    ];
    const text = csvLines(rows, columns);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parse(text)).toEqual(rows.map((r) => [r.id, r.text, String(r.n)]));
  });

  it('never writes a cell longer than a spreadsheet holds (32,767 characters): a longer one is cut and says so', () => {
    const cell = csvCell('x'.repeat(5_000_000));
    expect(cell).toHaveLength(32_767);
    expect(cell.endsWith(' [cut]')).toBe(true);
    expect(csvCell('y'.repeat(32_767))).toHaveLength(32_767);
  });
});
