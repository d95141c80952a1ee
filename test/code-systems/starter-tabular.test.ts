import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeRefsOf, refCovers } from '../../src/code-systems/code-refs.js';
import { compileStarterTabular, STARTER_TABULAR_FILE } from '../../src/code-systems/starter-tabular.js';
import { loadStarterCodeSystem } from '../../src/code-systems/starter.js';
import { parseTabularXml } from '../../src/code-systems/tabular-xml.js';
import { tabularFieldsFor } from '../../src/code-systems/tabular-fields.js';
import { starterCodeSetDir } from '../../src/contract/paths.js';
import { loadCodeSystem } from '../../src/code-systems/registry.js';
import { tabularOf } from '../../src/code-systems/tabular-of.js';
import { sharedData } from '../support/official-files.js';
import { importCmSample, scratch } from '../support/code-samples.js';

const tabularXml = path.join(sharedData, 'icd10cm', 'legacy', 'icd10cm_tabular_2021.xml.gz');

describe('code references in Tabular List notes', () => {
  it('reads categories, codes and ranges inside parentheses only', () => {
    expect(codeRefsOf('type 1 diabetes mellitus (E10.-)')).toEqual(['E10']);
    expect(codeRefsOf('hypertension due to kidney disease (I15.0, I15.1)')).toEqual(['I15.0', 'I15.1']);
    expect(codeRefsOf('stage of chronic kidney disease (N18.1-N18.6)')).toEqual(['N18.1-N18.6']);
    expect(codeRefsOf('Type 2 diabetes mellitus with CKD')).toEqual([]);
  });

  it('covers a code by prefix or by range, compared on each end’s length', () => {
    expect(refCovers('E10', 'E10.10')).toBe(true);
    expect(refCovers('E10', 'E11.9')).toBe(false);
    expect(refCovers('N18.1-N18.4', 'N18.30')).toBe(true);
    expect(refCovers('N18.1-N18.4', 'N18.6')).toBe(false);
    expect(refCovers('I10-I1A', 'I13.0')).toBe(true);
    expect(refCovers('I10-I1A', 'I25.10')).toBe(false);
  });
});

describe('Tabular fields compiled for codes', () => {
  const xml = `<?xml version="1.0"?><ICD10CM.tabular><version>2021</version>
    <chapter><name>4</name><desc>Endocrine</desc>
      <section id="E08-E13"><desc>Diabetes mellitus</desc>
        <diag><name>E11</name><desc>Type 2 diabetes mellitus</desc>
          <excludes1><note>type 1 diabetes mellitus (E10.-)</note></excludes1>
          <useAdditionalCode><note>insulin (Z79.4)</note></useAdditionalCode>
          <diag><name>E11.2</name><desc>Type 2 diabetes mellitus with kidney complications</desc>
            <diag><name>E11.22</name><desc>Type 2 diabetes mellitus with diabetic chronic kidney disease</desc>
              <useAdditionalCode><note>code to identify stage of chronic kidney disease (N18.1-N18.6)</note></useAdditionalCode>
            </diag>
          </diag>
        </diag>
      </section>
    </chapter>
    <chapter><name>19</name><desc>Injury</desc>
      <section id="S90-S99"><desc>Injuries to the ankle and foot</desc>
        <diag><name>S93</name><desc>Dislocation and sprain of joints and ligaments at ankle, foot and toe level</desc>
          <sevenChrDef><extension char="A">initial encounter</extension><extension char="D">subsequent encounter</extension><extension char="S">sequela</extension></sevenChrDef>
          <diag><name>S93.4</name><desc>Sprain of ankle</desc>
            <diag><name>S93.40</name><desc>Sprain of unspecified ligament of ankle</desc></diag>
          </diag>
        </diag>
      </section>
    </chapter>
    <chapter><name>3</name><desc>Blood</desc>
      <section id="D60-D64"><desc>Aplastic and other anemias</desc>
        <diag><name>D63</name><desc>Anemia in chronic diseases classified elsewhere</desc>
          <diag><name>D63.1</name><desc>Anemia in chronic kidney disease</desc>
            <codeFirst><note>underlying chronic kidney disease (CKD) (N18.-)</note></codeFirst>
          </diag>
        </diag>
      </section>
    </chapter>
  </ICD10CM.tabular>`;
  const fields = tabularFieldsFor(parseTabularXml(xml), ['E11.22', 'S93.401A', 'D63.1', 'Z00.00']);

  it('inherits Excludes1 and Use additional code from the category, adds the code’s own', () => {
    expect(fields.get('E11.22')).toEqual({ excludes1: ['E10'], useAdditionalCode: ['N18.1-N18.6', 'Z79.4'] });
  });

  it('gives a code newer than the file its nearest parent’s 7th characters', () => {
    expect(fields.get('S93.401A')).toEqual({ seventh: 'ADS' });
  });

  it('marks a manifestation whose underlying condition must be coded first', () => {
    expect(fields.get('D63.1')).toEqual({ codeFirst: ['N18'], codeFirstRequired: true });
    expect(fields.has('Z00.00')).toBe(false);
  });
});

describe('the starter set’s compiled Tabular fields', () => {
  const cm = loadStarterCodeSystem('icd10cm');

  it('are attached to the starter entries', () => {
    expect(cm.lookup('E11.22')?.tabular?.useAdditionalCode).toContain('N18.1-N18.6');
    expect(cm.lookup('D63.1')?.tabular).toMatchObject({ codeFirst: ['N18'], codeFirstRequired: true });
    expect(cm.lookup('S52.501A')?.tabular?.seventh).toMatch(/^A.*D.*S/);
    expect(cm.lookup('E11.9')?.tabular?.excludes1).toContain('E10');
  });

  it.skipIf(!existsSync(tabularXml))(
    'are exactly what the compile step makes from the official Tabular List XML',
    () => {
      const expected = compileStarterTabular(
        tabularXml,
        [...cm.entries()].map((e) => e.code),
      );
      expect(readFileSync(path.join(starterCodeSetDir, STARTER_TABULAR_FILE), 'utf8')).toBe(expected);
    },
  );
});

describe('tabularOf: the Tabular fields of the code system in force', () => {
  it('answers from an imported release’s own Tabular List, inherited from category and chapter', () => {
    const store = scratch('cc-tabular-of-');
    importCmSample(store);
    const cm = loadCodeSystem('icd10cm', store);
    expect(tabularOf(cm, 'E11.42')).toMatchObject({
      excludes1: expect.arrayContaining(['E08', 'E09', 'O24.4', 'P70-P74']),
      useAdditionalCode: ['Z79.4', 'Z79.84'],
    });
    expect(tabularOf(cm, 'S72.001A')?.seventh).toMatch(/^A/);
  });

  it('answers from the compiled starter fields otherwise', () => {
    expect(tabularOf(loadStarterCodeSystem('icd10cm'), 'D63.1')).toMatchObject({
      codeFirst: ['N18'],
      codeFirstRequired: true,
    });
  });
});
