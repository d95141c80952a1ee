/**
 * The output formats the review batch can write (`--format csv,jsonl,fhir,text`; CSV alone by default), in the
 * order they are written for each chart.
 */
import { ChartcoderError } from '../contract/errors.js';
import { csvFormat } from './csv-format.js';
import { fhirFormat } from './fhir-format.js';
import { jsonlFormat } from './jsonl-format.js';
import { textFormat } from './text-format.js';
import type { FormatName, OutputFormat } from './output-format.js';

export const FORMATS: readonly OutputFormat[] = [
  csvFormat as OutputFormat,
  jsonlFormat as OutputFormat,
  fhirFormat as OutputFormat,
  textFormat as OutputFormat,
];

export const DEFAULT_FORMATS: readonly FormatName[] = ['csv'];

/** The formats named in `list` (e.g. from `--format csv,fhir`), in FORMATS order, each once. */
export function parseFormats(list: string): FormatName[] {
  const names = list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  const known = FORMATS.map((f) => f.name as string);
  const unknown = names.filter((n) => !known.includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new ChartcoderError(
      'USAGE',
      `expected --format to list one or more of ${known.join(', ')}, found "${list.slice(0, 40)}"`,
    );
  }
  return FORMATS.map((f) => f.name).filter((n) => names.includes(n));
}

/** The plug-ins of `names` (default: CSV), in FORMATS order. */
export function formatsOf(names: readonly FormatName[] = DEFAULT_FORMATS): OutputFormat[] {
  return FORMATS.filter((f) => names.includes(f.name));
}
