/**
 * Bare words that the official index maps to a code but a chart almost never means that way
 * (pipelines/rules/bare-terms.json): "examination" is not Z00.00, "blood gas" not R14.3, "follow-up" not
 * Z09 unless it is the whole reason for the visit; longer terms holding the words still match. Also the
 * lexicon's optional stemmed variants, which change what a term's words match in the same way.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inMemoryCodeSystem, type CodeEntry } from '../../src/code-systems/code-system.js';
import { registryOf } from '../../src/code-systems/registry.js';
import { loadBareTerms } from '../../src/extract-mentions/bare-terms.js';
import { findMentions } from '../../src/extract-mentions/extract-mentions-stage.js';
import { buildLexicon } from '../../src/extract-mentions/lexicon.js';
import { pipelinesDir } from '../../src/contract/paths.js';

const e = (code: string, terms: string[]): CodeEntry => ({
  code,
  title: code,
  billable: true,
  terms,
  abbreviations: [],
  specific: [],
});
// Terms as the official index gives them (codes import: index main terms and subterm paths).
const codeSets = registryOf([
  inMemoryCodeSystem('icd10cm', 'test', { from: '2025-10-01', to: '2026-09-30' }, [
    e('Z00.00', [
      'examination',
      'annual examination',
      'laboratory examination',
      'examination laboratory',
      'laboratory test',
    ]),
    e('Z09', ['follow-up']),
    e('R68.89', ['symptoms']),
    e('R20.0', ['anesthesia', 'numbness']),
    e('R14.3', ['gas', 'flatulence']),
    e('Q89.9', ['defect', 'congenital anomaly']),
    e('Q21.1', ['atrial septal defect']),
    e('I10', ['hypertension']),
  ]),
]);
const bare = loadBareTerms(path.join(pipelinesDir, 'rules', 'bare-terms.json'));

function codes(text: string, lexicon = buildLexicon(codeSets, codeSets.systems, bare)): string[] {
  return findMentions(
    { text, sections: [{ category: 'hpi', title: '', range: { start: 0, end: text.length } }] },
    lexicon,
  ).flatMap((m) => m.termCodes.map((t) => t.code));
}

describe('bare words that name a code only in context', () => {
  it.each([
    ['Physical examination revealed hypertension.', ['I10']],
    ['Follow-up at 6 months showed no recurrence.', []],
    ['Symptoms resolved with treatment.', []],
    ['Surgery under general anesthesia.', []],
    ['Arterial blood gas was normal.', []],
    ['A septal defect was closed; atrial septal defect confirmed.', ['Q21.1']],
    ['Laboratory tests showed anemia.', []],
  ])('"%s" → %j', (text, expected) => {
    expect(codes(text)).toEqual(expected);
  });

  it('keeps the words inside longer terms, and their other codes', () => {
    expect(codes('Annual examination today.')).toEqual(['Z00.00']);
    expect(codes('Numbness of the left hand.')).toEqual(['R20.0']);
    expect(codes('Congenital anomaly of the heart.')).toEqual(['Q89.9']);
  });

  it('an encounter code stands when its words are the whole sentence or list item', () => {
    expect(codes('Follow-up.')).toEqual(['Z09']);
    expect(codes('2. Examination')).toEqual(['Z00.00']);
    expect(codes('Examination of the abdomen was benign.')).toEqual([]);
  });

  it('without the rules every bare word matches (what the official index alone gives)', () => {
    expect(codes('Physical examination; blood gas; follow-up at 6 months.', buildLexicon(codeSets))).toEqual([
      'Z00.00',
      'R14.3',
      'Z09',
    ]);
  });
});

describe('stemmed variants (extract-mentions option stemmedVariants)', () => {
  const sets = registryOf([
    inMemoryCodeSystem('icd10cm', 'test', { from: '2025-10-01', to: '2026-09-30' }, [
      e('K56.69', ['intestinal obstruction']),
      e('K56.0', ['obstruction']),
    ]),
  ]);
  it('matches a multiword term written with other endings only when asked, and never a single stemmed word', () => {
    const text = 'Obstructed intestines on imaging.';
    expect(codes(text, buildLexicon(sets))).toEqual([]);
    expect(codes(text, buildLexicon(sets, sets.systems, undefined, true))).toEqual([]); // word order differs: no trie match
    expect(codes('Intestinal obstructions.', buildLexicon(sets, sets.systems, undefined, true))).toEqual(['K56.69']);
    expect(codes('Intestine obstructed.', buildLexicon(sets))).toEqual([]);
    expect(codes('Intestine obstructed.', buildLexicon(sets, sets.systems, undefined, true))).toEqual(['K56.69']);
    expect(codes('Obstructive pattern.', buildLexicon(sets, sets.systems, undefined, true))).toEqual([]);
  });
});
