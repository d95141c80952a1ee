import { describe, expect, it } from 'vitest';
import type { OcrInfo } from '../../src/contract/chart-record.js';
import { approximateWords, correctOcrTokens } from '../../src/extract-mentions/approximate-words.js';
import { tokenize } from '../../src/text/tokenize.js';
import { flagOcrEvidence, lowestConfidence } from '../../src/score-confidence/ocr-evidence.js';

const words = approximateWords([
  'tension',
  'pension',
  'pneumonia',
  'diabete',
  'mellitu',
  'type',
  'hypertension',
  'hypotension',
  'gout',
  'goiter',
]);

describe('approximate matching of OCR words', () => {
  it('reads a damaged word as the one lexicon word close to it', () => {
    expect(words.correct('pneumonla')).toBe('pneumonia');
    expect(words.correct('diabetc')).toBe('diabete'); // "diabetcs" after plural folding
    expect(words.correct('hypertensoin')).toBe('hypertension'); // a transposition is one edit
  });

  it('leaves known words, short words, numbers and ties alone', () => {
    expect(words.correct('pneumonia')).toBeUndefined();
    expect(words.correct('gou')).toBeUndefined();
    expect(words.correct('12345')).toBeUndefined();
    expect(words.correct('hypxrtension')).toBe('hypertension');
    expect(words.correct('hypxtension')).toBe('hypotension');
    // two edits away: not taken
    expect(words.correct('hypxrtensoin')).toBeUndefined();
    expect(words.correct('patient')).toBeUndefined();
    // one edit from both tension and pension
    expect(words.correct('lension')).toBeUndefined();
  });

  it('changes only tokens OCR read below the confidence given, keeping what was written', () => {
    const text = 'pneumonla pneumonla';
    const ocr: OcrInfo = {
      pages: [1],
      meanConfidence: 80,
      lowConfidence: 85,
      words: [
        { start: 0, end: 9, confidence: 62 },
        { start: 10, end: 19, confidence: 96 },
      ],
    };
    const tokens = tokenize(text);
    expect(correctOcrTokens(tokens, ocr, words, 85)).toBe(1);
    expect(tokens.map((t) => [t.raw, t.norm])).toEqual([
      ['pneumonla', 'pneumonia'],
      ['pneumonla', 'pneumonla'],
    ]);
  });
});

describe('ocr_low_confidence', () => {
  const ocr: OcrInfo = {
    pages: [2],
    meanConfidence: 80,
    lowConfidence: 85,
    words: [
      { start: 100, end: 108, confidence: 97 },
      { start: 109, end: 118, confidence: 41 },
    ],
  };
  const code = (...ranges: [number, number][]) => ({
    flags: [] as string[],
    evidence: ranges.map(([start, end]) => ({ range: { start, end } })),
  });

  it('reads the lowest word confidence under a range, 100 off the OCR pages', () => {
    expect(lowestConfidence(ocr.words, { start: 100, end: 118 })).toBe(41);
    expect(lowestConfidence(ocr.words, { start: 100, end: 108 })).toBe(97);
    expect(lowestConfidence(ocr.words, { start: 0, end: 50 })).toBe(100);
  });

  it('flags a code when none of its evidence reads clearly', () => {
    const low = code([109, 118]);
    const mixed = code([109, 118], [100, 108]);
    const typed = code([0, 20]);
    const record = { ocr, codes: [low, mixed, typed] } as unknown as Parameters<typeof flagOcrEvidence>[0];
    flagOcrEvidence(record);
    expect([low.flags, mixed.flags, typed.flags]).toEqual([['ocr_low_confidence'], [], []]);
  });
});
