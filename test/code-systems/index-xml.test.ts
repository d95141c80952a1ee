import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indexCode, indexPhrases, mainTermPhrase, tablePhrase } from '../../src/code-systems/index-phrases.js';
import { resolveSeeReferences } from '../../src/code-systems/index-see.js';
import { parseIndexXml, readIndexXml } from '../../src/code-systems/index-xml.js';
import { sample } from '../support/code-samples.js';

describe('Alphabetic Index XML parser', () => {
  const idx = readIndexXml(sample.index);
  const term = (...path: string[]) => idx.terms.find((t) => t.path.join(' › ') === path.join(' › '));

  it('gives every main term and subterm at every level its full path and code', () => {
    expect(idx.version).toBe('2017');
    expect(idx.title).toBe('ICD-10-CM INDEX TO DISEASES and INJURIES');
    expect(term('Diabetes, diabetic', 'type 2', 'with', 'neuropathy')?.code).toBe('E11.40');
    expect(term('Diabetes, diabetic', 'with', 'neuropathy')?.code).toBe('E11.40');
    expect(term('Diabetes, diabetic', 'type 2', 'with')?.code).toBeUndefined();
    expect(idx.terms).toHaveLength(20);
  });

  it('keeps nonessential modifiers apart from the title, and see / see also references', () => {
    expect(term('Abasia')).toMatchObject({ nemod: '(-astasia) (hysterical)', code: 'F44.4' });
    expect(term('Diabetes, diabetic', 'with', 'autonomic neuropathy')).toMatchObject({
      nemod: '(poly)',
      code: 'E11.43',
    });
    expect(term('Abandonment')?.see).toBe('Maltreatment');
    expect(term('Abdomen, abdominal')?.seeAlso).toBe('condition');
    expect(term('Pain')).toMatchObject({ nemod: '(s)', seeAlso: 'Painful' });
  });

  it('reads the drug and neoplasm tables by column heading, skipping "--" cells', () => {
    const drug = readIndexXml(sample.drug);
    expect(drug.headings['2']).toBe('Poisoning Accidental (unintentional)');
    expect(drug.terms[0]).toMatchObject({ path: ['Aspirin'], nemod: '(aluminum) (soluble)' });
    expect(drug.terms[0]!.cells?.['Adverse effect']).toBe('T39.015');
    const neo = readIndexXml(sample.neoplasm);
    expect(neo.terms.find((t) => t.path[1] === 'breast')?.cells).toMatchObject({
      'Malignant Primary': 'C50.9-',
      'Malignant Secondary': 'C79.81',
    });
    const cut = parseIndexXml(
      '<ICD10CM.index><indexHeading><head col="2">B</head></indexHeading><letter><title>A</title><mainTerm><title>x</title><cell col="2">--</cell></mainTerm></letter></ICD10CM.index>',
    );
    expect(cut.terms[0]!.cells).toBeUndefined();
  });

  it('reports a truncated index with file and line', () => {
    const text = readFileSync(sample.index, 'utf8');
    const cut = text.slice(0, text.indexOf('<title>type 2</title>'));
    expect(() => parseIndexXml(cut, 'idx.xml')).toThrow(
      new RegExp(`idx\\.xml:${cut.split('\n').length}: expected well-formed XML`),
    );
  });
});

describe('index paths as phrases', () => {
  it('keeps the path order and adds the natural order when the first subterm is a modifier', () => {
    expect(indexPhrases(['Diabetes, diabetic', 'type 2', 'with', 'neuropathy'])).toEqual([
      'diabetes type 2 with neuropathy',
      'type 2 diabetes with neuropathy',
    ]);
    expect(indexPhrases(['Diabetes, diabetic', 'with', 'neuropathy'])).toEqual(['diabetes with neuropathy']);
    expect(indexPhrases(['Diabetes, diabetic', 'arthropathy NEC'])).toEqual([
      'diabetes arthropathy',
      'arthropathy diabetes',
    ]);
  });

  it('turns inverted main terms around and keeps variant spellings to the first', () => {
    expect(mainTermPhrase('Fracture, pathological')).toBe('pathological fracture');
    expect(mainTermPhrase('Abdomen, abdominal')).toBe('abdomen');
    expect(tablePhrase(['Neoplasm, neoplastic', 'breast'], 'Malignant Primary')).toBe(
      'malignant primary neoplasm breast',
    );
    expect(indexCode('C50.9-')).toBe('C50.9');
    expect(indexCode('D05.-')).toBe('D05');
  });

  it('resolves see references to the coded term they name', () => {
    const idx = readIndexXml(sample.index);
    const refs = resolveSeeReferences(idx.terms).map((r) => [r.from.path.join(' › '), r.to.code]);
    expect(refs).toEqual([['Abdominalgia', 'R10.9']]);
  });
});
