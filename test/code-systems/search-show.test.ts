import { describe, expect, it } from 'vitest';
import { codeDetails } from '../../src/code-systems/code-details.js';
import { loadCodeSystem } from '../../src/code-systems/registry.js';
import { searchCodes, searchTokens } from '../../src/code-systems/search.js';
import { loadStarterCodeSystem } from '../../src/code-systems/starter.js';
import { importCmSample, scratch } from '../support/code-samples.js';

const store = scratch('cc-store-');
importCmSample(store);
const cm = loadCodeSystem('icd10cm', store);

describe('codes search', () => {
  it('ranks the code whose index path holds every query word first', () => {
    const { hits, matches } = searchCodes(cm, 'type 2 diabetes with neuropathy');
    expect(hits[0]).toMatchObject({ code: 'E11.40', score: 1 });
    expect(hits.slice(1, 4).map((h) => h.code)).toEqual(expect.arrayContaining(['E11.41', 'E11.42', 'E11.43']));
    expect(hits.length).toBeLessThanOrEqual(10);
    expect(matches).toBeGreaterThan(10);
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
  });

  it('finds codes through inclusion terms, see references and the tables', () => {
    expect(searchCodes(cm, 'rubeosis iridis').hits[0]?.code).toBe('H21.1');
    expect(searchCodes(cm, 'abdominalgia').hits[0]?.code).toBe('R10.9');
    expect(searchCodes(cm, 'aspirin adverse effect').hits[0]).toMatchObject({ code: 'T39.015', billable: false });
    expect(searchCodes(cm, 'the of and').hits).toEqual([]);
  });

  it('folds plurals and case', () => {
    expect(searchTokens('Fractures of Hips')).toEqual(['fracture', 'of', 'hip']);
    expect(searchTokens('abscess virus')).toEqual(['abscess', 'virus']);
  });
});

describe('codes show', () => {
  it('gives parent, children and notes inherited from the category and chapter', () => {
    const d = codeDetails(cm, 'e119')!;
    expect(d.entry.code).toBe('E11.9');
    expect(d.parent?.code).toBe('E11');
    expect(d.children).toEqual([]);
    expect(d.notes.map((n) => `${n.kind}@${n.from}`)).toEqual([
      'includes@E11',
      'excludes1@E11',
      'useAdditionalCode@E11',
      'excludes1@chapter 4',
    ]);
    expect(d.notes[1]!.texts).toContain('type 1 diabetes mellitus (E10.-)');
    expect(codeDetails(cm, 'E11')!.children.map((c) => c.code)).toEqual(['E11.4', 'E11.9']);
  });

  it('tells when a 7th character is needed and when an X placeholder fills the code', () => {
    const s = codeDetails(cm, 'S72.001')!;
    expect(s.seventh).toMatchObject({ from: 'S72', needed: true });
    expect(s.seventh?.chars.map((c) => c.char)).toEqual(['A', 'B', 'D', 'S']);
    expect(s.seventh?.example).toBeUndefined();
    expect(codeDetails(cm, 'T07')!.seventh).toMatchObject({ from: 'T07', needed: true, example: 'T07.XXXA' });
    expect(codeDetails(cm, 'T07.XXXA')!.seventh).toMatchObject({ needed: false });
    expect(codeDetails(cm, 'H21.1X')!.placeholderNode).toBe(true);
    expect(codeDetails(cm, 'S72.00')!.notes.find((n) => n.kind === 'inclusionTerm')?.texts).toEqual([
      'Fracture of hip NOS',
      'Fracture of neck of femur NOS',
    ]);
    expect(codeDetails(cm, 'S72.001')!.notes.some((n) => n.kind === 'inclusionTerm')).toBe(false);
  });

  it('answers from the starter set when nothing is imported, and undefined for an unknown code', () => {
    const d = codeDetails(loadStarterCodeSystem('icd10cm'), 'E11.9')!;
    expect(d).toMatchObject({ imported: false, children: [], notes: [] });
    expect(codeDetails(cm, 'Z99.999')).toBeUndefined();
  });
});
