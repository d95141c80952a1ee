import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot, pipelinesDir } from '../../src/contract/paths.js';
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

describe('findSections: compound, qualified and numbered headers', () => {
  it('maps compound headers by their parts ("ED COURSE / MDM", "ASSESSMENT / DIAGNOSES", "Assessment/Plan")', () => {
    const text =
      'ED COURSE / MDM:\nECG normal.\nASSESSMENT / DIAGNOSES:\n1. Chest wall pain\nAssessment/Plan: knee OA\nSHX/FHX: father with MI';
    expect(cats(text)).toEqual([
      ['assessment_and_plan', 'ED COURSE / MDM'],
      ['diagnoses', 'ASSESSMENT / DIAGNOSES'],
      ['assessment_and_plan', 'Assessment/Plan'],
      ['family_history', 'SHX/FHX'],
    ]);
  });

  it('maps qualified headers without a pattern per qualifier', () => {
    const text = [
      'PHYSICAL EXAM ON ADMISSION:',
      'General: ill',
      'PERTINENT RESULTS:',
      'WBC 14',
      'MEDICATIONS PRIOR TO ADMISSION:',
      'metformin',
      'DATA (01/2026):',
      'Cr 2.1',
      'Labs today: normal',
      'CONDITION AT DISCHARGE: stable',
    ].join('\n');
    expect(cats(text).map(([c]) => c)).toEqual([
      'exam',
      'exam',
      'results',
      'medications',
      'results',
      'results',
      'other',
    ]);
  });

  it('maps pre-op, post-op, pre- and post-procedure and discharge diagnoses', () => {
    const text =
      'PREOPERATIVE DIAGNOSIS: a\nPost-op Diagnosis: b\nPREPROCEDURE DIAGNOSIS: c\nPOSTPROCEDURE DIAGNOSIS: d\nPOSTOPERATIVE DIAGNOSIS (ES): e\nFinal Diagnoses: f';
    expect(cats(text).map(([c]) => c)).toEqual(Array(6).fill('diagnoses'));
  });

  it('takes numbered headers, arabic and roman, but not the items of a numbered problem list', () => {
    const text =
      'I. HISTORY: cough\nII. ASSESSMENT AND PLAN: 1. Bronchitis\n2. Plan: rest\n5. Health maintenance: flu shot\n3. COPD: stable';
    expect(cats(text)).toEqual([
      ['hpi', 'I. HISTORY'],
      ['assessment_and_plan', 'II. ASSESSMENT AND PLAN'],
      ['plan', '2. Plan'],
      ['plan', '3. COPD'],
    ]);
  });

  it('keeps body-system sub-headings in the review of systems they sit in', () => {
    expect(cats('REVIEW OF SYSTEMS:\nGI: no nausea\nPHYSICAL EXAM:\nGI: soft')).toEqual([
      ['ros', 'REVIEW OF SYSTEMS'],
      ['ros', 'GI'],
      ['exam', 'PHYSICAL EXAM'],
      ['exam', 'GI'],
    ]);
  });

  it('finds known ALL-CAPS headers mid-line in a note run together, with exact offsets', () => {
    const text = 'HPI: cough for a week. PAST MEDICAL HISTORY: asthma. ASSESSMENT: bronchitis. Dr. SMITH: signed';
    const s = findSections(text, rules);
    expect(s.map((x) => [x.category, x.title])).toEqual([
      ['hpi', 'HPI'],
      ['past_medical_history', 'PAST MEDICAL HISTORY'],
      ['assessment', 'ASSESSMENT'],
    ]);
    expect(text.slice(s[2]!.range.start, s[2]!.range.end)).toBe('ASSESSMENT: bronchitis. Dr. SMITH: signed');
  });

  it('classifies every heading of the fixture charts by a rule, none by inheritance from the heading before', () => {
    const dir = path.join(packageRoot, 'fixtures', 'charts');
    const inherited: string[] = [];
    for (const f of readdirSync(dir)) {
      const sections = findSections(readFileSync(path.join(dir, f), 'utf8'), rules);
      sections.forEach((s, i) => {
        if (s.title && !rules.classify(s.title, sections[i - 1]?.category))
          inherited.push(`${f}: ${s.title} -> ${s.category}`);
      });
    }
    expect(inherited).toEqual([]);
  });
});
