import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOrderFile, readOrderFile } from '../../src/code-systems/order-file.js';
import { sample, scratch } from '../support/code-samples.js';

describe('order file reader (ICD-10-CM and ICD-10-PCS)', () => {
  it('reads codes, billable flags and long titles of the CM sample', () => {
    const entries = readOrderFile(sample.cmOrder);
    expect(entries).toHaveLength(68);
    expect(entries.filter((e) => e.billable)).toHaveLength(41);
    expect(entries.find((e) => e.code === 'E1140')).toEqual({
      code: 'E1140',
      billable: true,
      shortTitle: 'Type 2 diabetes mellitus with diabetic neuropathy, unsp',
      title: 'Type 2 diabetes mellitus with diabetic neuropathy, unspecified',
    });
    expect(entries.find((e) => e.code === 'E11')?.billable).toBe(false);
  });

  it('reads the PCS sample', () => {
    const entries = readOrderFile(sample.pcsOrder);
    expect(entries).toHaveLength(12);
    expect(entries.find((e) => e.code === '0DTJ4ZZ')?.title).toBe(
      'Resection of Appendix, Percutaneous Endoscopic Approach',
    );
  });

  it('names the file and line of a malformed line', () => {
    const lines = readFileSync(sample.cmOrder, 'latin1').split('\r\n');
    lines[4] = lines[4]!.replace(/ [01] /, ' 7 ');
    const file = path.join(scratch('cc-order-'), 'bad_order.txt');
    writeFileSync(file, lines.join('\r\n'));
    expect(() => readOrderFile(file)).toThrow(/CODESET_PARSE_ERROR: .*bad_order\.txt:5: expected an order-file line/);
  });

  it('rejects a line cut short (truncated file) and a line without a title', () => {
    expect(() => parseOrderFile('00001 A00     0 Chol', 'x.txt')).toThrow(/x\.txt:1/);
    expect(() => parseOrderFile(`${'00001 A00     0 Cholera'.padEnd(77)}   `, 'y.txt')).toThrow(
      /y\.txt:1: expected a long title/,
    );
  });
});
