/**
 * Whether the codes compiled from a release file are codes of the system it was imported as. A PCS order
 * file imported as ICD-10-CM (the layouts are the same), an empty file or a CPT file given as HCPCS would
 * otherwise make a store whose runs finish with every chart `ok` and no code of that system.
 */
import type { CodeSystemId } from '../contract/chart-record.js';
import { ChartcoderError } from '../contract/errors.js';

/** The shape of a code of each system (dotless), and how to say it. */
const SHAPES: Record<CodeSystemId, { re: RegExp; what: string }> = {
  icd10cm: { re: /^[A-Z][0-9A-Z]{2,6}$/, what: 'ICD-10-CM codes (a letter and two to six letters or digits: E119)' },
  // Sections 0-9 and B, C, D, F, G, H, X; headers of the order file have 3 to 6 characters.
  icd10pcs: {
    re: /^[0-9BCDFGHX][0-9A-HJ-NP-Z]{2,6}$/,
    what: 'ICD-10-PCS codes (seven characters, most starting with a digit: 0DTJ4ZZ)',
  },
  hcpcs: { re: /^[A-V][0-9]{4}$/, what: 'HCPCS Level II codes (a letter and four digits: J1100)' },
  cpt: { re: /^[0-9]{4}[0-9FTU]$/, what: 'CPT codes (four digits and a digit, F, T or U: 99213)' },
};

/** Throws CODESET_INVALID unless `codes` is a non-empty list of `system` codes. `file` is named in the message. */
export function checkReleaseShape(system: CodeSystemId, codes: readonly string[], file: string): void {
  const { re, what } = SHAPES[system];
  if (codes.length === 0)
    throw new ChartcoderError('CODESET_INVALID', `expected ${what}, found no codes at all; nothing was imported`, file);
  const wrong = codes.filter((c) => !re.test(c.replace('.', '')));
  // ICD-10-PCS and ICD-10-CM share letters B, C, D, F, G, H: a PCS file must still be mostly digit-led codes.
  const pcsByDigits = system !== 'icd10pcs' || codes.filter((c) => /^[0-9]/.test(c)).length * 2 > codes.length;
  if (wrong.length === 0 && pcsByDigits) return;
  const example = wrong[0] ?? codes.find((c) => !/^[0-9]/.test(c)) ?? codes[0]!;
  const share =
    wrong.length > 0
      ? `${wrong.length} of ${codes.length} codes (such as ${example.slice(0, 8)}) are not`
      : 'most codes are not';
  throw new ChartcoderError(
    'CODESET_INVALID',
    `expected ${what}; ${share}: is the file of another system? Nothing was imported`,
    file,
  );
}
