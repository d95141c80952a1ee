import { describe, expect, it } from 'vitest';
import { loadCodeSets } from '../../src/code-systems/registry.js';
import { shippedWordForms } from '../../src/text/word-forms.js';
import { buildVocabulary, termCounts } from '../../src/rank-codes/text-features.js';
import { chartWords, siblingCodes, termCover } from '../../src/rank-codes/term-cover.js';

const read = (text: string) => chartWords(text, shippedWordForms());
const codeSets = loadCodeSets(['icd10cm', 'icd10pcs']);
const cm = codeSets.get('icd10cm');
const pcs = codeSets.get('icd10pcs');
const vocab = buildVocabulary(
  ['viral intestinal infection in a child', 'abdomen and pelvis scan', 'computerized tomography of the chest'].map(
    termCounts,
  ),
  1,
  1000,
);

describe('termCover', () => {
  it("finds a code's title words together in one sentence, its filler words ('unspecified') aside", () => {
    const words = read('The child had a viral intestinal infection. She recovered.');
    expect(termCover(cm, 'A08.4', words, vocab)).toEqual({ chart: 1, sentence: 1, whole: 1 });
  });

  it('tells words spread over sentences from words said together', () => {
    const words = read('A viral illness was suspected.\nLater an intestinal infection was found.');
    const cover = termCover(cm, 'A08.4', words, vocab);
    expect(cover.chart).toBe(1);
    expect(cover.sentence).toBeGreaterThan(0);
    expect(cover.sentence).toBeLessThan(1);
    expect(cover.whole).toBe(0);
  });

  it('matches an inclusion term as well as the title, and gives nothing for a chart without the words', () => {
    expect(termCover(cm, 'A08.4', read('Diagnosed with stomach flu.'), vocab).whole).toBe(1);
    expect(termCover(cm, 'A08.4', read('Fracture of the left wrist.'), vocab)).toEqual({
      chart: 0,
      sentence: 0,
      whole: 0,
    });
  });

  it('gives a truncated ICD-10-PCS code the words every title under it shares', () => {
    const words = read('Computerized tomography (CT scan) of abdomen and pelvis was normal.');
    expect(termCover(pcs, 'BW21', words, vocab).whole).toBe(1);
    expect(termCover(pcs, 'BW21', read('Plain film of the abdomen.'), vocab).whole).toBe(0);
    // the chart's adjective read as the title's noun (word-forms.json)
    expect(
      termCover(pcs, 'BW21', read('An abdominal and pelvic CT scan (computerized tomography).'), vocab).whole,
    ).toBe(1);
    expect(
      termCover(pcs, 'BW21', chartWords('An abdominal and pelvic CT scan (computerized tomography).', new Map()), vocab)
        .whole,
    ).toBe(0);
    expect(termCover(cm, 'NOT.A.CODE', words, vocab)).toEqual({ chart: 0, sentence: 0, whole: 0 });
  });
});

describe('siblingCodes', () => {
  it("lists a category's billable codes, or a root operation's 4-character stems for truncated procedures", () => {
    expect(siblingCodes(cm, 'A08', false)).toContain('A08.4');
    expect(siblingCodes(cm, 'A08', false).every((c) => c.startsWith('A08') && cm.lookup(c)?.billable)).toBe(true);
    const stems = siblingCodes(pcs, 'BW2', true);
    expect(stems).toContain('BW21');
    expect(new Set(stems).size).toBe(stems.length);
    expect(stems.every((s) => s.length === 4)).toBe(true);
    expect(siblingCodes(pcs, 'BW21', false)).toContain('BW21ZZZ');
  });
});
