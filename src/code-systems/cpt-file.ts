/**
 * Reader of a licensed CPT file: one code and its descriptor per row, tab- or comma-separated
 * (detected from the first line), an optional header row, extra columns ignored. CPT is licensed by
 * the AMA: chartcoder ships no CPT text — the user supplies the file from their own licence and the
 * descriptors stay in their local code-set store.
 * Codes: four digits then a digit (Category I), F (Category II) or T (Category III), or four digits
 * and U (PLA). A bad row is CODESET_PARSE_ERROR with the file and line.
 */
import { parse } from 'csv-parse/sync';
import { parseError, readSourceText } from './source-file.js';

export interface CptRow {
  code: string;
  descriptor: string;
  line: number;
}

const CODE = /^\d{4}[0-9FTU]$/;

export function parseCptFile(text: string, file = 'CPT file'): CptRow[] {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes('\t') ? '\t' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      relax_quotes: delimiter === '\t',
      quote: delimiter === '\t' ? false : '"',
    }) as unknown as typeof records;
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 0;
    throw parseError(
      file,
      line,
      `a ${delimiter === '\t' ? 'tab' : 'comma'}-separated row (${(e as { code?: string }).code ?? 'CSV error'})`,
    );
  }
  const rows: CptRow[] = [];
  const seen = new Set<string>();
  records.forEach(({ record, info }, i) => {
    const code = (record[0] ?? '').trim().toUpperCase();
    const descriptor = (record[1] ?? '').replace(/\s+/g, ' ').trim();
    if (i === 0 && !CODE.test(code) && !/\d/.test(code)) return; // header row
    if (!CODE.test(code))
      throw parseError(file, info.lines, 'a CPT code (#####, ####F, ####T or ####U) in the first column', code);
    if (!descriptor) throw parseError(file, info.lines, `a descriptor in the second column for ${code}`);
    if (seen.has(code)) throw parseError(file, info.lines, `each code once; ${code} is repeated`);
    seen.add(code);
    rows.push({ code, descriptor, line: info.lines });
  });
  if (rows.length === 0) throw parseError(file, 1, 'at least one code and descriptor row');
  return rows;
}

export function readCptFile(file: string): CptRow[] {
  const utf8 = readSourceText(file, 'utf8');
  return parseCptFile(utf8.includes('\uFFFD') ? readSourceText(file, 'latin1') : utf8, file);
}
