/**
 * apply-guidelines with the Tabular List instructions and the rules in pipelines/rules/guidelines.json:
 * combination codes, Excludes1, documentation gaps, Code first / Use additional code, 7th characters,
 * first-listed diagnosis, diagnosis pointers and HCC. A code set built here carries the Tabular fields,
 * so the outcomes do not depend on the starter set's contents.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChartRecord, EncounterType } from '../../src/contract/chart-record.js';
import { applyGuidelinesStage } from '../../src/apply-guidelines/apply-guidelines-stage.js';
import { resolveExcludes1 } from '../../src/apply-guidelines/excludes1.js';
import { inMemoryCodeSystem } from '../../src/code-systems/code-system.js';
import type { CodeEntry } from '../../src/contract/code-sets.js';
import { registryOf } from '../../src/code-systems/registry.js';
import type { TabularFields } from '../../src/contract/code-sets.js';
import { defaultHccDir } from '../../src/apply-guidelines/hcc-map.js';
import { loadGuidelineRules } from '../../src/apply-guidelines/guideline-rules.js';
import { loadStarterCodeSystem } from '../../src/code-systems/starter.js';
import { pipelinesDir } from '../../src/contract/paths.js';
import { codeEntry, TEST_PERIOD } from '../support/code-sets.js';
import { codeText, stagesFor } from '../support/pipeline.js';

const e = (
  code: string,
  title: string,
  terms: string[] = [],
  tabular?: TabularFields,
  extra: Partial<CodeEntry> = {},
) => codeEntry(code, title, { terms, ...(tabular ? { tabular } : {}), ...extra });
const period = TEST_PERIOD;
const DIABETES_EXCL = ['E08', 'E09', 'E10', 'E13', 'O24.4'];

const codeSets = registryOf([
  inMemoryCodeSystem('icd10cm', 'test', period, [
    e('I10', 'Essential (primary) hypertension', ['hypertension'], undefined, { abbreviations: ['HTN'] }),
    e('I11.0', 'Hypertensive heart disease with heart failure', [], { useAdditionalCode: ['I50'] }),
    e(
      'I12.9',
      'Hypertensive chronic kidney disease with stage 1 through stage 4 chronic kidney disease, or unspecified chronic kidney disease',
      [],
      { useAdditionalCode: ['N18.1-N18.4', 'N18.9'] },
    ),
    e(
      'I13.0',
      'Hypertensive heart and chronic kidney disease with heart failure and stage 1 through stage 4 chronic kidney disease, or unspecified chronic kidney disease',
      [],
      { useAdditionalCode: ['I50', 'N18.1-N18.4', 'N18.9'] },
    ),
    e('I50.22', 'Chronic systolic (congestive) heart failure', ['chronic systolic heart failure'], {
      codeFirst: ['I11.0', 'I13'],
    }),
    e(
      'I50.9',
      'Heart failure, unspecified',
      ['heart failure'],
      { codeFirst: ['I11.0', 'I13'] },
      { missing: 'heart failure type' },
    ),
    e('N18.4', 'Chronic kidney disease, stage 4 (severe)', ['chronic kidney disease stage 4', 'ckd stage 4'], {
      codeFirst: ['E11.22', 'I12', 'I13'],
    }),
    e('N18.6', 'End stage renal disease', ['end stage renal disease'], { codeFirst: ['E11.22', 'I12', 'I13'] }),
    e('E10.9', 'Type 1 diabetes mellitus without complications', ['type 1 diabetes'], {
      excludes1: ['E08', 'E09', 'E11', 'E13'],
    }),
    e(
      'E11.9',
      'Type 2 diabetes mellitus without complications',
      ['type 2 diabetes', 'diabetes mellitus'],
      { excludes1: DIABETES_EXCL },
      { abbreviations: ['DM'] },
    ),
    e(
      'E11.22',
      'Type 2 diabetes mellitus with diabetic chronic kidney disease',
      ['type 2 diabetes with chronic kidney disease'],
      { excludes1: DIABETES_EXCL, useAdditionalCode: ['N18.1-N18.6', 'Z79.4'] },
    ),
    e('E11.42', 'Type 2 diabetes mellitus with diabetic polyneuropathy', [], { excludes1: DIABETES_EXCL }),
    e('G62.9', 'Polyneuropathy, unspecified', ['peripheral neuropathy', 'neuropathy']),
    e('D63.1', 'Anemia in chronic kidney disease', ['anemia in ckd'], { codeFirst: ['N18'], codeFirstRequired: true }),
    e('J45.909', 'Unspecified asthma, uncomplicated', ['asthma'], { excludes1: ['R06.2'] }),
    e('R06.2', 'Wheezing', ['wheezing']),
    e('K35.80', 'Unspecified acute appendicitis', ['acute appendicitis']),
    e('R50.9', 'Fever, unspecified', ['fever']),
    e('R68.83', 'Chills (without fever)', ['chills'], { excludes1: ['R50.9'] }),
    e('N39.41', 'Urge incontinence', ['urge incontinence']),
    e('R32', 'Unspecified urinary incontinence', ['incontinence'], { excludes1: ['N39.4'] }),
    e('J18.9', 'Pneumonia, unspecified organism', ['pneumonia']),
    e('Z95.0', 'Presence of cardiac pacemaker', ['pacemaker in place']),
    e('S93.40', 'Sprain of unspecified ligament of ankle', ['ankle sprain'], { seventh: 'ADS' }, { billable: false }),
    e('S93.40XA', 'Sprain of unspecified ligament of unspecified ankle, initial encounter', [], { seventh: 'ADS' }),
    e('S93.40XD', 'Sprain of unspecified ligament of unspecified ankle, subsequent encounter', [], { seventh: 'ADS' }),
  ]),
  inMemoryCodeSystem('cpt', 'test', period, [
    e('44970', 'Laparoscopic appendix removal (test wording)', ['laparoscopic appendectomy']),
  ]),
]);

const run = async (text: string, encounterType: EncounterType = 'outpatient') =>
  (await codeText(text, { encounterType, stages: await stagesFor(codeSets, 'apply-guidelines', encounterType) })).codes;
const byCode = async (text: string, enc?: EncounterType) =>
  Object.fromEntries((await run(text, enc)).map((c) => [c.code, c]));

describe('combination codes (I.B.9, I.C.9.a)', () => {
  it('every combination code the rules can emit is in the starter set (a missing one would silently never fire)', () => {
    const starter = loadStarterCodeSystem('icd10cm');
    const rules = loadGuidelineRules(path.join(pipelinesDir, 'rules', 'guidelines.json'));
    expect(rules.combinations.map((r) => r.code).filter((c) => !starter.lookup(c))).toEqual([]);
  });

  it('hypertension with CKD stage 4 becomes I12.9, the stage kept and sequenced after it', async () => {
    const c = await byCode('ASSESSMENT: 1. Chronic kidney disease stage 4. 2. Hypertension.');
    expect(Object.keys(c).sort()).toEqual(['I12.9', 'N18.4']);
    expect(c['I12.9']!.evidence.map((x) => x.text)).toEqual(['Hypertension']);
    expect(c['I12.9']!.sequence).toBe(1);
    expect(c['N18.4']!.sequence).toBe(2);
  });

  it('hypertension with heart failure becomes I11.0; with CKD too, I13.0', async () => {
    expect(Object.keys(await byCode('ASSESSMENT: HTN. Chronic systolic heart failure.')).sort()).toEqual([
      'I11.0',
      'I50.22',
    ]);
    expect(Object.keys(await byCode('ASSESSMENT: HTN. Chronic systolic heart failure. CKD stage 4.')).sort()).toEqual([
      'I13.0',
      'I50.22',
      'N18.4',
    ]);
  });

  it('type 2 diabetes with CKD becomes E11.22 plus the stage; with peripheral neuropathy, E11.42 with both phrases as evidence', async () => {
    expect(Object.keys(await byCode('ASSESSMENT: Type 2 diabetes. CKD stage 4.')).sort()).toEqual(['E11.22', 'N18.4']);
    const c = await byCode('ASSESSMENT: Type 2 diabetes with peripheral neuropathy.');
    expect(Object.keys(c)).toEqual(['E11.42']);
    expect(c['E11.42']!.evidence.map((x) => x.text)).toEqual(['Type 2 diabetes', 'peripheral neuropathy']);
  });
});

describe('Excludes1 (I.A.12.a)', () => {
  it('flags two codes that exclude each other when neither gives way', async () => {
    const c = await byCode('ASSESSMENT: Type 1 diabetes. Type 2 diabetes.');
    expect(c['E10.9']!.flags).toContain('excludes1_conflict:E11.9');
    expect(c['E11.9']!.flags).toContain('excludes1_conflict:E10.9');
  });

  it('folds the sign into the condition that excludes it, evidence kept, no flag', async () => {
    const c = await byCode('ASSESSMENT: 1. Asthma. 2. Wheezing.');
    expect(Object.keys(c)).toEqual(['J45.909']);
    expect(c['J45.909']!.evidence.map((x) => x.text)).toEqual(['Asthma', 'Wheezing']);
    expect(c['J45.909']!.flags.some((f) => f.startsWith('excludes1'))).toBe(false);
  });
});

describe('Excludes1 between two signs, and one phrase read two ways', () => {
  it('two signs from two phrases are both findings: flagged, not folded', async () => {
    const c = await byCode('ASSESSMENT: 1. Fever. 2. Chills.');
    expect(c['R50.9']!.flags).toContain('excludes1_conflict:R68.83');
    expect(c['R68.83']!.flags).toContain('excludes1_conflict:R50.9');
  });

  it('a shorter reading inside a longer phrase gives way to it', async () => {
    // The lexicon takes the longest match, so the inner reading is added by hand: "incontinence" inside "Urge incontinence".
    const [urge] = (
      await codeText('ASSESSMENT: Urge incontinence.', { stages: await stagesFor(codeSets, 'map-codes') })
    ).codes;
    const inner = {
      ...urge!,
      code: 'R32',
      title: 'Unspecified urinary incontinence',
      evidence: [{ ...urge!.evidence[0]!, range: { start: 17, end: 29 }, text: 'incontinence' }],
    };
    const kept = resolveExcludes1([urge!, inner], codeSets, { parallelCategories: [], excludes1Exceptions: [] });
    expect(kept.map((x) => [x.code, x.evidence.map((ev) => ev.text)])).toEqual([
      ['N39.41', ['Urge incontinence', 'incontinence']],
    ]);
  });
});

describe('merging keeps a condition certain once it is stated as certain', () => {
  it('inpatient: "probable pneumonia" and "pneumonia" make one certain J18.9', async () => {
    const c = await byCode('HPI: probable pneumonia on admission.\nDISCHARGE DIAGNOSES: Pneumonia.', 'inpatient');
    expect(c['J18.9']!.evidence).toHaveLength(2);
    expect(c['J18.9']!.flags).not.toContain('uncertain_dx');
    expect((await byCode('DISCHARGE DIAGNOSES: Probable pneumonia.', 'inpatient'))['J18.9']!.flags).toContain(
      'uncertain_dx',
    );
  });
});

describe('documentation gaps: query_provider', () => {
  it('asks for the diabetes type when no sentence states it, not when one does', async () => {
    expect((await byCode('ASSESSMENT: Diabetes mellitus, on metformin.'))['E11.9']!.flags).toContain(
      'query_provider:diabetes type',
    );
    expect((await byCode('ASSESSMENT: Type 2 diabetes, on metformin.'))['E11.9']!.flags).not.toContain(
      'query_provider:diabetes type',
    );
  });

  it('re-codes a default type 2 code when its sentence states type 1', async () => {
    expect(Object.keys(await byCode('PAST MEDICAL HISTORY: type I DM since age 11.'))).toEqual(['E10.9']);
  });

  it('asks for the heart failure type of an unspecified heart failure', async () => {
    expect((await byCode('ASSESSMENT: Heart failure.'))['I50.9']!.flags).toContain('query_provider:heart failure type');
  });
});

describe('Code first and Use additional code (I.A.13)', () => {
  it('prompts for the underlying condition of a manifestation, and sequences it first when present', async () => {
    expect((await byCode('ASSESSMENT: Anemia in CKD.'))['D63.1']!.flags).toContain('code_first:N18');
    const c = await byCode('ASSESSMENT: 1. Anemia in CKD. 2. CKD stage 4.');
    expect(c['D63.1']!.flags.some((f) => f.startsWith('code_first'))).toBe(false);
    expect([c['N18.4']!.sequence, c['D63.1']!.sequence]).toEqual([1, 2]);
  });

  it('prompts for a required companion code that is missing, not for an optional one', async () => {
    const flags = (await byCode('ASSESSMENT: Type 2 diabetes with chronic kidney disease.'))['E11.22']!.flags;
    expect(flags).toContain('use_additional_code:N18.1-N18.6 (CKD stage)');
    expect(flags.some((f) => f.includes('Z79.4'))).toBe(false);
  });
});

describe('7th character', () => {
  it('completes a code with X placeholders and the stated episode of care', async () => {
    const c = await run('ASSESSMENT: Left ankle sprain, subsequent encounter.');
    expect(c.map((x) => [x.code, x.flags.includes('missing_7th_char')])).toEqual([['S93.40XD', false]]);
  });

  it('uses A (active treatment) when no episode is stated, flagged missing_7th_char', async () => {
    const c = await run('ASSESSMENT: Ankle sprain.');
    expect(c.map((x) => [x.code, x.flags.includes('missing_7th_char')])).toEqual([['S93.40XA', true]]);
  });
});

describe('first-listed diagnosis and diagnosis pointers', () => {
  it('puts the postoperative diagnosis first, wherever it stands in the note', async () => {
    const c = await byCode('ASSESSMENT: Hypertension.\nPOSTOPERATIVE DIAGNOSIS: Acute appendicitis.');
    expect(c['K35.80']!.sequence).toBe(1);
    expect(c['I10']!.sequence).toBe(2);
  });

  it('lists a definitive diagnosis before a sign of the same rank, and a status code never first', async () => {
    const c = await byCode('ASSESSMENT: 1. Pacemaker in place. 2. Fever. 3. Pneumonia.');
    expect([c['J18.9']!.sequence, c['R50.9']!.sequence, c['Z95.0']!.sequence]).toEqual([1, 2, 3]);
  });

  it('points a procedure to the diagnosis of its preoperative section, and flags one without any', async () => {
    const c = await byCode(
      'PREOPERATIVE DIAGNOSIS: Acute appendicitis.\nPROCEDURE PERFORMED: Laparoscopic appendectomy.',
    );
    expect(c['44970']!.diagnosisPointers).toEqual(['K35.80']);
    expect(c['44970']!.flags).not.toContain('procedure_without_dx');
    const alone = await byCode('PROCEDURE PERFORMED: Laparoscopic appendectomy.');
    expect(alone['44970']!.diagnosisPointers).toEqual([]);
    expect(alone['44970']!.flags).toContain('procedure_without_dx');
  });
});

describe('HCC (CMS-HCC V28)', () => {
  const dir = path.join(process.env.TMPDIR ?? tmpdir(), `hcc-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'ra_dx_to_cc_2026.csv'),
    'diagnosis_code,cc,model_name\nE1122,37,CMS-HCC Model V28\nE1122,18,CMS-HCC Model V24\nN184,327,CMS-HCC Model V28\nN186,326,CMS-HCC Model V28\n',
  );
  writeFileSync(
    path.join(dir, 'ra_labels_2026.csv'),
    'cc,label,model_domain,model_version,model_fullname\nHCC37,Diabetes with Chronic Complications,CMS-HCC,V28,V28115L3\nHCC326,"Chronic Kidney Disease, Stage 5",CMS-HCC,V28,V28115L3\nHCC327,"Chronic Kidney Disease, Severe (Stage 4)",CMS-HCC,V28,V28115L3\n',
  );
  writeFileSync(
    path.join(dir, 'ra_hierarchies_2026.csv'),
    'cc_parent,cc_child,model_domain,model_version,model_fullname\n326,327,CMS-HCC,V28,V28115H1\n',
  );

  const coded = async (text: string, hccData: string | null): Promise<ChartRecord> => {
    const before = await stagesFor(codeSets, 'map-codes');
    const ctx = { codeSets, pipeline: { name: 'test', encounterType: 'outpatient' as const, configPath: '' } };
    const apply = await applyGuidelinesStage.setup(applyGuidelinesStage.options.parse({ hccData }), ctx);
    return codeText(text, { stages: [...before, { name: 'apply-guidelines', fn: apply }] });
  };

  it('marks codes with their V28 category and label, and an outranked category as such', async () => {
    const r = await coded('ASSESSMENT: 1. Type 2 diabetes. 2. CKD stage 4. 3. End stage renal disease.', dir);
    const hcc = Object.fromEntries(r.codes.map((c) => [c.code, c.hcc]));
    expect(hcc['E11.22']).toBe('HCC37 Diabetes with Chronic Complications');
    expect(hcc['N18.4']).toBe('HCC327 Chronic Kidney Disease, Severe (Stage 4) [outranked by HCC326]');
    expect(hcc['N18.6']).toBe('HCC326 Chronic Kidney Disease, Stage 5');
  });

  it('leaves the column empty without a map, and the batch report says so', async () => {
    const r = await coded('ASSESSMENT: Type 2 diabetes. CKD stage 4.', null);
    expect(r.codes.every((c) => c.hcc === undefined)).toBe(true);
    const ctx = {
      codeSets,
      pipeline: { name: 'test', encounterType: 'outpatient' as const, configPath: '' },
      batch: { id: 'b', dir },
    };
    const none = await applyGuidelinesStage.openBatch!(applyGuidelinesStage.options.parse({ hccData: null }), ctx);
    expect(await none.close()).toMatchObject({ hcc: { used: false } });
    const used = await applyGuidelinesStage.openBatch!(applyGuidelinesStage.options.parse({ hccData: dir }), ctx);
    expect(await used.close()).toMatchObject({
      hcc: {
        used: true,
        model: 'V28',
        files: ['ra_dx_to_cc_2026.csv', 'ra_labels_2026.csv', 'ra_hierarchies_2026.csv'],
      },
    });
  });

  it.skipIf(!defaultHccDir())('reads the CMS files in ../shared/data/hcc by default', async () => {
    const r = await coded('ASSESSMENT: Type 2 diabetes. CKD stage 4.', defaultHccDir()!);
    expect(r.codes.find((c) => c.code === 'E11.22')?.hcc).toBe('HCC37 Diabetes with Chronic Complications');
    expect(applyGuidelinesStage.options.parse({}).hccData).toBe(defaultHccDir());
  });
});
