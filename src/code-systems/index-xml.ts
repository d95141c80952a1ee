/**
 * Parser of the ICD-10-CM Alphabetic Index XML files, which share one schema: the Index to Diseases
 * and Injuries, the External Cause Index, and the Drug and Neoplasm tables. Every main term and
 * subterm at every level becomes one IndexTerm with its full path of titles (nonessential modifiers
 * `<nemod>` kept apart), its code, manifestation code, `see` / `see also` references and, for the
 * tables, its cells by column heading (`--` and `-` mean no code).
 * Example: Diabetes, diabetic › type 2 › with › neuropathy → E11.40.
 */
import { clean, readXml } from './xml-reader.js';
import { readSourceText } from './source-file.js';

export interface IndexTerm {
  /** Titles from the main term down, nonessential modifiers removed: `['Diabetes, diabetic', 'type 2', 'with', 'neuropathy']`. */
  path: string[];
  /** The nonessential modifiers of the last title, e.g. `(mellitus) (sugar)`. */
  nemod?: string;
  code?: string;
  /** Manifestation code printed in brackets after the code (`[I43]`). */
  manif?: string;
  see?: string;
  seeAlso?: string;
  /** Table cells: column heading → code (drug and neoplasm tables). */
  cells?: Record<string, string>;
  line: number;
}

export interface IndexFile {
  version: string;
  title: string;
  headings: Record<string, string>;
  terms: IndexTerm[];
}

interface Frame {
  term: IndexTerm;
  title: string;
  nemod: string;
}

const VALUE_TAGS = new Set(['code', 'manif', 'see', 'seeAlso', 'cell', 'head', 'version']);

export function parseIndexXml(text: string, file = 'index XML'): IndexFile {
  const out: IndexFile = { version: '', title: '', headings: {}, terms: [] };
  const frames: Frame[] = [];
  let inTitle = 0;
  let inNemod = false;
  let value: { tag: string; col?: string; buf: string } | undefined;
  readXml(text, file, 'ICD10CM.index', (pos) => ({
    open(name, attrs, depth) {
      if (name === 'mainTerm' || name === 'term') {
        frames.push({ term: { path: [], line: pos.line() }, title: '', nemod: '' });
      } else if (name === 'title') {
        inTitle = depth;
      } else if (name === 'nemod' && inTitle) {
        inNemod = true;
        const f = frames.at(-1);
        if (f) f.title += ' ';
      } else if (VALUE_TAGS.has(name)) {
        value = { tag: name, col: attrs.col, buf: '' };
      }
    },
    text(t) {
      const f = frames.at(-1);
      if (inTitle && f) {
        if (inNemod) f.nemod += t;
        else f.title += t;
      } else if (inTitle === 2) {
        out.title += t;
      } else if (value) {
        value.buf += t;
      }
    },
    close(name, depth) {
      const f = frames.at(-1);
      if (name === 'nemod') inNemod = false;
      else if (name === 'title' && depth === inTitle) {
        inTitle = 0;
        if (f) {
          f.term.path = [...(frames.at(-2)?.term.path ?? []), clean(f.title)];
          if (clean(f.nemod)) f.term.nemod = clean(f.nemod);
        }
      } else if (value && name === value.tag) {
        assign(out, f?.term, value.tag, value.col, clean(value.buf));
        value = undefined;
      } else if ((name === 'mainTerm' || name === 'term') && f) {
        frames.pop();
        out.terms.push(f.term);
      }
    },
  }));
  return out;
}

function assign(out: IndexFile, term: IndexTerm | undefined, tag: string, col: string | undefined, v: string): void {
  if (tag === 'version') out.version = v;
  else if (tag === 'head') out.headings[col ?? ''] = v;
  else if (!term) return;
  else if (tag === 'cell') {
    if (v && !/^-+$/.test(v)) (term.cells ??= {})[out.headings[col ?? ''] ?? `column ${col}`] = v;
  } else if (tag === 'code' || tag === 'manif' || tag === 'see' || tag === 'seeAlso') term[tag] = v;
}

export function readIndexXml(file: string): IndexFile {
  return parseIndexXml(readSourceText(file, 'utf8'), file);
}
