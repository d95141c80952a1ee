/**
 * Parser of the CMS HCPCS Level II annual alpha-numeric file (`HCPCYYYY_<MON>_ANWEB*.txt`), a
 * fixed-width record of 320 characters described in CMS's `HCPCYYYY_recordlayout.txt`:
 *   1-5 HCPCS code (modifier records: 1-3 blank, 4-5 modifier) · 6-10 sequence number ·
 *   11 record id (3 = first line of a procedure, 4 = its continuation lines, 7/8 = the same for a
 *   modifier) · 12-91 long description (continued on the next records) · 92-119 short description ·
 *   269-276 code added date · 277-284 action effective date · 285-292 termination date (YYYYMMDD) ·
 *   293 action code (A add, C change, D discontinue, N no maintenance, …).
 * Pricing, coverage and ASC fields (120-268) are not read. Lines may be shorter than 320 when
 * trailing blanks were trimmed; a line that breaks the layout is CODESET_PARSE_ERROR with its number.
 */
import { parseError, readSourceText, splitLines } from './source-file.js';

export interface HcpcsRecord {
  code: string;
  longDescription: string;
  shortDescription: string;
  /** YYYY-MM-DD, when present. */
  added?: string;
  actionEffective?: string;
  terminated?: string;
  action?: string;
  line: number;
}

export interface HcpcsFile {
  procedures: HcpcsRecord[];
  modifiers: HcpcsRecord[];
}

const field = (line: string, from: number, to: number): string => line.slice(from - 1, to).trim();

function date(line: string, from: number, file: string, n: number): string | undefined {
  const v = field(line, from, from + 7);
  if (v === '') return undefined;
  if (!/^\d{8}$/.test(v)) throw parseError(file, n, `a YYYYMMDD date in columns ${from}-${from + 7}`, v);
  return `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
}

export function parseHcpcsFile(text: string, file = 'HCPCS file'): HcpcsFile {
  const out: HcpcsFile = { procedures: [], modifiers: [] };
  let current: HcpcsRecord | undefined;
  let currentKind: '3' | '7' | undefined;
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const n = i + 1;
    if (line.trim() === '') continue;
    const kind = line[10];
    if (line.length < 12 || !/^\d{5}$/.test(line.slice(5, 10)) || !kind || !'3478'.includes(kind)) {
      throw parseError(
        file,
        n,
        'an HCPCS record: code (1-5), sequence number (6-10), record id 3/4/7/8 (11), long description (12-91)',
        line,
      );
    }
    const isModifier = kind === '7' || kind === '8';
    const code = isModifier ? line.slice(3, 5) : line.slice(0, 5);
    if (isModifier ? !/^[A-Z0-9]{2}$/.test(code) || line.slice(0, 3).trim() !== '' : !/^[A-Z0-9]{5}$/.test(code)) {
      throw parseError(
        file,
        n,
        isModifier ? 'a two-character modifier in columns 4-5' : 'a five-character HCPCS code in columns 1-5',
        line.slice(0, 5),
      );
    }
    const text80 = field(line, 12, 91);
    if (kind === '4' || kind === '8') {
      if (!current || current.code !== code || currentKind !== (kind === '4' ? '3' : '7')) {
        throw parseError(
          file,
          n,
          `a continuation record (${kind}) right after the first record of ${code}`,
          line.slice(0, 11),
        );
      }
      current.longDescription = `${current.longDescription} ${text80}`.trim();
      continue;
    }
    current = {
      code,
      longDescription: text80,
      shortDescription: field(line, 92, 119),
      line: n,
      ...optional('added', date(line, 269, file, n)),
      ...optional('actionEffective', date(line, 277, file, n)),
      ...optional('terminated', date(line, 285, file, n)),
      ...optional('action', field(line, 293, 293) || undefined),
    };
    currentKind = kind === '3' ? '3' : '7';
    (isModifier ? out.modifiers : out.procedures).push(current);
  }
  return out;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

export function readHcpcsFile(file: string): HcpcsFile {
  return parseHcpcsFile(readSourceText(file, 'latin1'), file);
}
