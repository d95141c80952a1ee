import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelinesDir } from '../../src/paths.js';
import { findSections } from '../../src/sectionize/find-sections.js';
import { loadSectionRules } from '../../src/sectionize/section-rules.js';

const rules = loadSectionRules(path.join(pipelinesDir, 'rules', 'sections.json'));
const cats = (text: string) => findSections(text, rules).map((s) => [s.category, s.title]);

describe('findSections', () => {
  it('finds ALL CAPS, Title Case and inline headers and maps them to the taxonomy', () => {
    const text = [
      'CHIEF COMPLAINT: cough',
      'History of Present Illness:',
      'Three days of cough.',
      'Family History: mother with diabetes',
      'PHYSICAL EXAM:',
      'HEENT: normal',
      'ASSESSMENT AND PLAN: 1. Bronchitis 2. HTN',
      'Discharge Diagnoses:',
      '1. Pneumonia',
    ].join('\n');
    expect(cats(text)).toEqual([
      ['chief_complaint', 'CHIEF COMPLAINT'],
      ['hpi', 'History of Present Illness'],
      ['family_history', 'Family History'],
      ['exam', 'PHYSICAL EXAM'],
      ['exam', 'HEENT'],
      ['assessment_and_plan', 'ASSESSMENT AND PLAN'],
      ['diagnoses', 'Discharge Diagnoses'],
    ]);
  });

  it('does not take ordinary "Label: value" lines for headers', () => {
    const text = 'HPI: fever\nDenies: chills, cough\nFever: none\nBlood pressure: 120/80';
    expect(cats(text)).toEqual([['hpi', 'HPI']]);
  });

  it('keeps unknown ALL-CAPS sub-headings in the enclosing category', () => {
    expect(cats('REVIEW OF SYSTEMS:\nCONSTITUTIONAL: no fever')).toEqual([
      ['ros', 'REVIEW OF SYSTEMS'],
      ['ros', 'CONSTITUTIONAL'],
    ]);
  });

  it('covers the whole text with contiguous ranges', () => {
    const text = 'Intro line\nPLAN:\nfollow up\nIMPRESSION: fine';
    const s = findSections(text, rules);
    expect(s[0]).toMatchObject({ category: 'other', range: { start: 0 } });
    for (let i = 1; i < s.length; i++) expect(s[i]!.range.start).toBe(s[i - 1]!.range.end);
    expect(s.at(-1)!.range.end).toBe(text.length);
    expect(s.map((x) => x.category)).toEqual(['other', 'plan', 'impression']);
  });

  it('accepts numbered and lone-line headers', () => {
    expect(cats('1. HISTORY OF PRESENT ILLNESS: cough\nAssessment\nStable.')).toEqual([
      ['hpi', '1. HISTORY OF PRESENT ILLNESS'],
      ['assessment', 'Assessment'],
    ]);
  });
});
