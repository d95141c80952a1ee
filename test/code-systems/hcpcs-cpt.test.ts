import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCptFile, readCptFile } from '../../src/code-systems/cpt-file.js';
import { parseHcpcsFile, readHcpcsFile } from '../../src/code-systems/hcpcs-file.js';
import { sample } from '../support/code-samples.js';

describe('HCPCS Level II annual file (fixed width)', () => {
  const file = readHcpcsFile(sample.hcpcs);

  it('joins continuation records into the long description and reads the dates', () => {
    expect(file.procedures.map((p) => p.code)).toEqual(['A0427', 'A4253', 'E0100', 'G0008', 'J1100', 'X9999']);
    expect(file.procedures[1]).toMatchObject({
      code: 'A4253',
      longDescription: 'Blood glucose test or reagent strips for home blood glucose monitor, per 50 strips',
      shortDescription: 'Blood glucose/reagent strips',
      added: '1993-01-01',
      actionEffective: '2026-01-01',
      action: 'N',
    });
    expect(file.procedures[5]).toMatchObject({ terminated: '2025-12-31', action: 'D' });
  });

  it('reads modifier records (7/8) apart from procedures', () => {
    expect(file.modifiers.map((m) => [m.code, m.longDescription])).toEqual([
      ['LT', 'Left side (used to identify procedures performed on the left side of the body)'],
      ['RT', 'Right side (used to identify procedures performed on the right side of the body)'],
    ]);
  });

  it('accepts records whose trailing blanks were trimmed', () => {
    const trimmed = readFileSync(sample.hcpcs, 'latin1')
      .split('\r\n')
      .map((l) => l.trimEnd())
      .join('\n');
    expect(parseHcpcsFile(trimmed).procedures[0]!.longDescription).toBe(
      'Ambulance service, advanced life support, emergency transport, level 1 (als 1 - emergency)',
    );
  });

  it('names file and line of a continuation without its first record, a bad record id or a bad date', () => {
    const lines = readFileSync(sample.hcpcs, 'latin1').split('\r\n');
    expect(() => parseHcpcsFile([lines[0], lines[3]].join('\n'), 'h.txt')).toThrow(
      /h\.txt:2: expected a continuation record \(4\) right after the first record of A4253/,
    );
    expect(() => parseHcpcsFile(lines[0]!.slice(0, 10) + '5' + lines[0]!.slice(11), 'h.txt')).toThrow(
      /h\.txt:1: expected an HCPCS record/,
    );
    expect(() => parseHcpcsFile(lines[0]!.slice(0, 268) + '1995XX01' + lines[0]!.slice(276), 'h.txt')).toThrow(
      /h\.txt:1: expected a YYYYMMDD date in columns 269-276/,
    );
  });
});

describe('licensed CPT file (code and descriptor)', () => {
  it('reads a tab-separated file with a header row', () => {
    const rows = readCptFile(sample.cptTsv);
    expect(rows.map((r) => r.code)).toEqual(['99213', '44970', '71046']);
    expect(rows[1]).toEqual({
      code: '44970',
      descriptor: 'Laparoscopic removal of the appendix (sample wording)',
      line: 3,
    });
  });

  it('reads a comma-separated file with quoted descriptors and extra columns', () => {
    const rows = readCptFile(sample.cptCsv);
    expect(rows).toEqual([
      {
        code: '99214',
        descriptor: 'Office or outpatient visit, established patient, moderate decision making (sample wording)',
        line: 2,
      },
      { code: '0001U', descriptor: 'Red cell antigen typing, sample wording', line: 3 },
    ]);
  });

  it('names file and line of a bad code, a missing descriptor, a repeat or a broken quote', () => {
    expect(() => parseCptFile('99213\tVisit\n9921\tShort code\n', 'c.tsv')).toThrow(/c\.tsv:2: expected a CPT code/);
    expect(() => parseCptFile('99213\tVisit\n99214\t\n', 'c.tsv')).toThrow(/c\.tsv:2: expected a descriptor/);
    expect(() => parseCptFile('99213\tVisit\n99213\tAgain\n', 'c.tsv')).toThrow(/c\.tsv:2: expected each code once/);
    expect(() => parseCptFile('99213,"Visit\n99214,x\n', 'c.csv')).toThrow(
      /CODESET_PARSE_ERROR: c\.csv:\d+: expected a comma-separated row/,
    );
  });
});
