import { describe, expect, it } from 'vitest';
import { segment } from '../../src/text/segment.js';

const units = (text: string) => segment(text).map((r) => text.slice(r.start, r.end));

describe('segment', () => {
  it('does not split on clinical abbreviations', () => {
    expect(
      units('Pt is a 65 y.o. male seen by Dr. Smith. Takes metformin b.i.d. with meals. Lives on Main St. in town.'),
    ).toEqual([
      'Pt is a 65 y.o. male seen by Dr. Smith.',
      'Takes metformin b.i.d. with meals.',
      'Lives on Main St. in town.',
    ]);
  });

  it('splits an inline numbered list into one unit per item', () => {
    expect(units('ASSESSMENT: 1. HTN 2. DM2 3. Hyperlipidemia')).toEqual([
      'ASSESSMENT: 1. HTN',
      '2. DM2',
      '3. Hyperlipidemia',
    ]);
  });

  it('keeps list lines apart and joins wrapped lines', () => {
    const text =
      '1. Hypertension, well\ncontrolled on lisinopril\n2. Type 2 diabetes\n- Obesity\n\nNext paragraph here.';
    expect(units(text)).toEqual([
      '1. Hypertension, well\ncontrolled on lisinopril',
      '2. Type 2 diabetes',
      '- Obesity',
      'Next paragraph here.',
    ]);
  });

  it('reports offsets into the original text', () => {
    const text = '  Fever. Cough.';
    const r = segment(text);
    expect(r).toEqual([
      { start: 2, end: 8 },
      { start: 9, end: 15 },
    ]);
  });

  it('does not split decimals', () => {
    expect(units('Temp 38.5 today. BP 120/80.')).toEqual(['Temp 38.5 today.', 'BP 120/80.']);
  });

  it('trims every kind of white space off units, as \\s does (no-break, ideographic, BOM, vertical tab)', () => {
    expect(units('\u00a0\u2003Fever.\u3000\n\u000b\u000c\nCough now.\ufeff\u2029')).toEqual(['Fever.', 'Cough now.']);
  });
});
