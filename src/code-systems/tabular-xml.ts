/**
 * Parser of the ICD-10-CM Tabular List XML (CDC `icd10cm_tabular_YYYY.xml`): chapters, sections and
 * every `<diag>` at every depth with its title, placeholder flag and instructional notes — inclusion
 * terms, Includes, Excludes1/Excludes2, Code first, Use additional code, Code also, notes — and the
 * 7th-character definitions (`<sevenChrDef>`), which apply to every code below the node that holds them.
 * Example: `<diag><name>E11.9</name><desc>Type 2 diabetes …</desc></diag>` → node E11.9, parent E11.
 */
import { clean, readXml } from './xml-reader.js';
import { parseError, readSourceText } from './source-file.js';

export const NOTE_KINDS = [
  'inclusionTerm',
  'includes',
  'excludes1',
  'excludes2',
  'codeFirst',
  'useAdditionalCode',
  'codeAlso',
  'notes',
  'sevenChrNote',
] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];
export type TabularNotes = Partial<Record<NoteKind, string[]>>;

export interface SeventhCharacter {
  char: string;
  text: string;
}

export interface TabularNode {
  kind: 'chapter' | 'section' | 'diag';
  /** Diag: the code with its dot (`E11.9`); section: `section E08-E13`; chapter: `chapter 4`. */
  id: string;
  title: string;
  parent?: string;
  /** `<diag placeholder="true">`: the node exists only to carry an X placeholder. */
  placeholder?: boolean;
  notes: TabularNotes;
  seventh?: SeventhCharacter[];
  /** Line of the opening tag, for error messages. */
  line: number;
}

interface Frame {
  node: TabularNode;
}

export interface TabularFile {
  /** The `<version>` element, e.g. `2021`. */
  version: string;
  nodes: TabularNode[];
}

export function parseTabularXml(text: string, file = 'tabular XML'): TabularFile {
  const nodes: TabularNode[] = [];
  let version = '';
  const frames: Frame[] = [];
  let noteKind: NoteKind | undefined;
  let inSevenDef = false;
  let extChar: string | undefined;
  let field: 'name' | 'desc' | 'note' | 'extension' | 'version' | undefined;
  let buf = '';
  readXml(text, file, 'ICD10CM.tabular', (pos) => ({
    open(name, attrs, depth) {
      if (name === 'version' && depth === 2) {
        field = 'version';
        buf = '';
      } else if (name === 'chapter' || name === 'section' || name === 'diag') {
        const parent = frames.at(-1)?.node.id;
        const id = name === 'section' ? `section ${attrs.id ?? ''}` : '';
        frames.push({
          node: {
            kind: name,
            id,
            title: '',
            parent,
            notes: {},
            line: pos.line(),
            ...(attrs.placeholder === 'true' ? { placeholder: true } : {}),
          },
        });
      } else if ((NOTE_KINDS as readonly string[]).includes(name) && frames.length > 0) {
        noteKind = name as NoteKind;
      } else if (name === 'sevenChrDef' && frames.length > 0) {
        inSevenDef = true;
      } else if (name === 'extension' && inSevenDef) {
        extChar = attrs.char;
        field = 'extension';
        buf = '';
      } else if ((name === 'name' || name === 'desc') && frames.length > 0 && !noteKind && !inSevenDef) {
        field = name;
        buf = '';
      } else if (name === 'note' && (noteKind || inSevenDef)) {
        field = 'note';
        buf = '';
      }
    },
    text(t) {
      if (field) buf += t;
    },
    close(name) {
      const frame = frames.at(-1);
      if (field === 'version' && name === 'version') {
        version = clean(buf);
        field = undefined;
      } else if (field === name && frame) {
        const value = clean(buf);
        field = undefined;
        if (name === 'name') frame.node.id = frame.node.kind === 'chapter' ? `chapter ${value}` : value;
        else if (name === 'desc') frame.node.title = value;
        else if (name === 'extension') (frame.node.seventh ??= []).push({ char: extChar ?? '', text: value });
        else if (name === 'note' && noteKind && value) (frame.node.notes[noteKind] ??= []).push(value);
      } else if (name === noteKind) {
        noteKind = undefined;
      } else if (name === 'sevenChrDef') {
        inSevenDef = false;
      } else if ((name === 'chapter' || name === 'section' || name === 'diag') && frame) {
        frames.pop();
        if (frame.node.kind === 'diag' && !/^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/.test(frame.node.id)) {
          throw parseError(file, frame.node.line, '<diag> with a <name> holding an ICD-10-CM code', frame.node.id);
        }
        nodes.push(frame.node);
      }
    },
  }));
  return { version, nodes };
}

export function readTabularXml(file: string): TabularFile {
  return parseTabularXml(readSourceText(file, 'utf8'), file);
}
