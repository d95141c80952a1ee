/**
 * Everything `codes show` prints about one code, as data: title, billable, parent and children,
 * the Tabular List notes of the code and those it inherits (Excludes1/2, Code first, Use additional
 * code, Code also, Includes and notes apply to every code below the node that holds them;
 * inclusion terms only to their own code), the 7th-character definitions in force and whether an
 * X placeholder is needed, and the terms the lexicon and search use.
 */
import type { CodeEntry, CodeSystem } from '../contract/code-sets.js';
import type { BundleNote } from './bundle.js';
import type { ImportedCodeSystem, StoredCodeEntry } from './load-bundle.js';
import { NOTE_KINDS, type NoteKind, type SeventhCharacter } from './tabular-xml.js';

export interface NoteGroup {
  kind: NoteKind;
  /** Code, section range or `chapter N` the note is written under. */
  from: string;
  texts: string[];
}

export interface CodeDetails {
  entry: StoredCodeEntry;
  imported: boolean;
  parent?: CodeEntry;
  children: CodeEntry[];
  notes: NoteGroup[];
  seventh?: { from: string; chars: SeventhCharacter[]; needed: boolean; example?: string };
  placeholderNode: boolean;
}

const isImported = (s: CodeSystem): s is ImportedCodeSystem => 'manifest' in s;

export function codeDetails(system: CodeSystem, code: string): CodeDetails | undefined {
  const entry = system.lookup(code) as StoredCodeEntry | undefined;
  if (!entry) return undefined;
  if (!isImported(system)) return { entry, imported: false, children: [], notes: [], placeholderNode: false };
  const notes = system.notes();
  const chain = ancestry(system, entry.code, notes);
  const groups: NoteGroup[] = [];
  for (const [i, id] of chain.entries()) {
    for (const kind of NOTE_KINDS) {
      if ((kind === 'inclusionTerm' && i > 0) || kind === 'sevenChrNote') continue;
      const texts = notes[id]?.notes?.[kind];
      if (texts?.length) groups.push({ kind, from: id, texts });
    }
  }
  const sevenFrom = chain.find((id) => notes[id]?.seventh);
  const bare = entry.code.replace('.', '');
  const seventh = sevenFrom
    ? {
        from: sevenFrom,
        chars: notes[sevenFrom]!.seventh!,
        needed: bare.length < 7,
        ...(bare.length < 6 && !entry.billable
          ? { example: withPlaceholder(system.id, bare, notes[sevenFrom]!.seventh![0]?.char ?? 'A') }
          : {}),
      }
    : undefined;
  return {
    entry,
    imported: true,
    ...(entry.parent ? { parent: system.lookup(entry.parent) } : {}),
    children: system
      .children(entry.code)
      .map((c) => system.lookup(c)!)
      .filter(Boolean),
    notes: groups,
    ...(seventh ? { seventh } : {}),
    placeholderNode: notes[entry.code]?.placeholder === true,
  };
}

/** The code, its parents up to the category, then the category's section and chapter. */
function ancestry(system: ImportedCodeSystem, code: string, notes: Record<string, BundleNote>): string[] {
  const out: string[] = [];
  let cur: string | undefined = code;
  while (cur && out.length < 12) {
    out.push(cur);
    cur = (system.lookup(cur) as StoredCodeEntry | undefined)?.parent ?? notes[cur]?.parent;
  }
  return out;
}

/** T07 + A → T07.XXXA: the X placeholder fills the code to six characters before the 7th. */
function withPlaceholder(id: string, bare: string, char: string): string {
  const full = `${bare.padEnd(6, 'X')}${char}`;
  return id === 'icd10cm' ? `${full.slice(0, 3)}.${full.slice(3)}` : full;
}
