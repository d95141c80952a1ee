import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTabularXml, readTabularXml } from '../../src/code-systems/tabular-xml.js';
import { sample } from '../support/code-samples.js';

describe('Tabular List XML parser', () => {
  const tab = readTabularXml(sample.tabular);
  const node = (id: string) => tab.nodes.find((n) => n.id === id)!;

  it('reads version, chapters, sections and diags at every depth with their parents', () => {
    expect(tab.version).toBe('2021');
    expect(tab.nodes.filter((n) => n.kind === 'chapter').map((n) => n.id)).toEqual([
      'chapter 1',
      'chapter 4',
      'chapter 7',
      'chapter 19',
    ]);
    expect(node('section E08-E13')).toMatchObject({
      kind: 'section',
      title: 'Diabetes mellitus (E08-E13)',
      parent: 'chapter 4',
    });
    expect(node('E11')).toMatchObject({ title: 'Type 2 diabetes mellitus', parent: 'section E08-E13' });
    expect(node('E11.40')).toMatchObject({
      parent: 'E11.4',
      title: 'Type 2 diabetes mellitus with diabetic neuropathy, unspecified',
    });
    expect(node('S72.001').parent).toBe('S72.00');
  });

  it('keeps every kind of instructional note on the node that holds it', () => {
    const e11 = node('E11').notes;
    expect(e11.excludes1).toContain('type 1 diabetes mellitus (E10.-)');
    expect(e11.includes).toContain('diabetes NOS');
    expect(e11.useAdditionalCode?.[1]).toBe('insulin (Z79.4)');
    expect(node('E11.42').notes.inclusionTerm).toEqual(['Type 2 diabetes mellitus with diabetic neuralgia']);
    expect(node('S72.0').notes.excludes2).toEqual(['physeal fracture of upper end of femur (S79.0-)']);
    expect(node('chapter 4').notes.excludes1).toHaveLength(1);
  });

  it('reads 7th-character definitions and X placeholders', () => {
    expect(node('S72').seventh).toEqual([
      { char: 'A', text: 'initial encounter for closed fracture' },
      { char: 'B', text: 'initial encounter for open fracture type I or II' },
      { char: 'D', text: 'subsequent encounter for closed fracture with routine healing' },
      { char: 'S', text: 'sequela' },
    ]);
    expect(node('S72').notes.sevenChrNote).toHaveLength(1);
    expect(node('H21.1X').placeholder).toBe(true);
    expect(node('H21.1').placeholder).toBeUndefined();
  });

  it('reports a truncated file with its name and line', () => {
    const text = readFileSync(sample.tabular, 'utf8');
    const cut = text.slice(0, text.indexOf('<name>E11.9</name>') + 10);
    const line = cut.split('\n').length;
    expect(() => parseTabularXml(cut, 'tab.xml')).toThrow(
      new RegExp(`CODESET_PARSE_ERROR: tab\\.xml:${line}: expected well-formed XML`),
    );
  });

  it('rejects a mismatched tag, the wrong root and a diag without a code', () => {
    expect(() =>
      parseTabularXml('<ICD10CM.tabular>\n<chapter><name>1</nam></chapter></ICD10CM.tabular>', 't.xml'),
    ).toThrow(/t\.xml:2: expected well-formed XML/);
    expect(() => parseTabularXml('<ICD10CM.index></ICD10CM.index>', 't.xml')).toThrow(
      /t\.xml:1: expected root element <ICD10CM\.tabular>/,
    );
    expect(() =>
      parseTabularXml(
        '<ICD10CM.tabular><chapter><section id="A"><diag>\n<desc>x</desc></diag></section></chapter></ICD10CM.tabular>',
        't.xml',
      ),
    ).toThrow(/t\.xml:1: expected <diag> with a <name>/);
    expect(() => parseTabularXml('', 'empty.xml')).toThrow(/CODESET_PARSE_ERROR: empty\.xml/);
  });
});
