/**
 * The matcher on the starter code set: multiword terms out of order and across small gaps, still
 * longest-match, never across a list comma or a negation; curated abbreviations read in context.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCodeSets } from '../../src/code-systems/registry.js';
import { loadAbbreviations } from '../../src/extract-mentions/abbreviations.js';
import { findMentions } from '../../src/extract-mentions/extract-mentions-stage.js';
import { buildLexicon } from '../../src/extract-mentions/lexicon.js';
import { pipelinesDir } from '../../src/contract/paths.js';

const lexicon = buildLexicon(loadCodeSets(['icd10cm']));
const abbreviations = loadAbbreviations(path.join(pipelinesDir, 'rules', 'abbreviations.json'));

function mentions(text: string, category = 'assessment') {
  const found = findMentions(
    { text, sections: [{ category, title: '', range: { start: 0, end: text.length } }] },
    lexicon,
    abbreviations,
  );
  for (const m of found) expect(m.text).toBe(text.slice(m.range.start, m.range.end)); // offsets exact
  return found;
}
const codes = (text: string, category?: string) =>
  mentions(text, category).flatMap((m) => m.termCodes.map((t) => t.code));

describe('flexible multiword matching', () => {
  it.each([
    [
      'Diabetes mellitus type 2 with peripheral neuropathy.',
      'E11.42',
      'Diabetes mellitus type 2 with peripheral neuropathy',
    ],
    ['Neuropathy due to type 2 diabetes, stable.', 'E11.40', 'Neuropathy due to type 2 diabetes'],
    [
      'Type 2 diabetes mellitus with stage 3 chronic kidney disease.',
      'E11.22',
      'Type 2 diabetes mellitus with stage 3 chronic kidney disease',
    ],
    ['DM2 with CKD stage 3b.', 'E11.22', 'DM2 with CKD'],
    ['Bilateral primary osteoarthritis of the knees.', 'M17.0', 'Bilateral primary osteoarthritis of the knees'],
    ['Primary osteoarthritis, right knee.', 'M17.11', 'osteoarthritis, right knee'],
    ['Ketoacidosis in type 1 diabetes mellitus, resolved.', 'E10.10', 'Ketoacidosis in type 1 diabetes'],
  ])('%s → %s', (text, code, span) => {
    const m = mentions(text).find((x) => x.termCodes.some((t) => t.code === code));
    expect(m?.text).toBe(span);
  });

  it('finds the combination in "type 2 diabetes with diabetic chronic kidney disease"', () => {
    expect(codes('Type 2 diabetes with diabetic chronic kidney disease.')).toContain('E11.22');
  });

  it('keeps the plain matches inside a flexible one (the stage and the combination are both evidence)', () => {
    const all = codes('DM2 with CKD stage 3b.');
    expect(all).toEqual(expect.arrayContaining(['E11.9', 'E11.22', 'N18.32']));
  });

  it.each([
    ['Type 2 diabetes without neuropathy.', 'E11.40'],
    ['PMH: type 2 diabetes, peripheral neuropathy, HTN.', 'E11.42'],
    ['Cold with runny nose and sore throat.', 'B00.1'],
    ['Type 2 diabetes; history of neuropathy.', 'E11.40'],
    ['AKI and soft blood pressures.', 'L89.90'],
  ])('does not join the words of "%s" into %s', (text, code) => {
    expect(codes(text)).not.toContain(code);
  });

  it('prefers the longest exact term at a position over a shorter one', () => {
    expect(codes('Chronic kidney disease stage 4.')).toEqual(['N18.4']);
  });
});

describe('curated abbreviations in context', () => {
  it.each([
    ['Substernal CP radiating to the left arm, troponin negative.', 'assessment', 'R07.9'],
    ['CP since birth, spastic diplegia, uses a wheelchair.', 'assessment', undefined],
    ['SpO2 94% on RA at rest.', 'exam', undefined],
    ['RA flare with synovitis of both wrists, on methotrexate.', 'assessment', 'M06.9'],
    ['PE: unremarkable.', 'exam', undefined],
    ['CTA chest shows segmental PE; started heparin.', 'assessment', 'I26.99'],
    ['MS, relapsing remitting, stable on ocrelizumab.', 'assessment', 'G35.D'],
    ['MS 4 mg IV given for pain.', 'hospital_course', undefined],
    ['HTN, well controlled.', 'assessment', 'I10'],
  ])('%s (%s) → %s', (text, section, code) => {
    const found = codes(text, section);
    const ambiguous = ['R07.9', 'M06.9', 'I26.99', 'G35.D'];
    if (code) expect(found).toContain(code);
    else expect(found.filter((c) => ambiguous.includes(c))).toEqual([]);
  });

  it('expands N/V/D into each symptom, on the abbreviation as written', () => {
    const found = mentions('Three days of N/V/D after a buffet.');
    expect(found.map((m) => [m.text, m.termCodes[0]!.code])).toEqual([
      ['N/V/D', 'R11.2'],
      ['N/V/D', 'R19.7'],
    ]);
  });
});
