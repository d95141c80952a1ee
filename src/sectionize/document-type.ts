/**
 * The chart's document type (discharge summary, operative report, radiology report, ED note, progress
 * note, other) from its own heading, else from its section titles, by the rules in
 * pipelines/rules/document-types.json. Used when the input manifest gives no `document_type`.
 * Example: "DISCHARGE SUMMARY - ORTHOPAEDIC SURGERY\nPatient: …" → discharge_summary; a chart without a
 * heading whose sections are TECHNIQUE, COMPARISON, FINDINGS, IMPRESSION → radiology_report.
 */
import { z } from 'zod';
import type { Section } from '../contract/chart-record.js';
import { readJsonFile, rulesFileKind } from '../contract/json-file.js';
import { normalizeTitle } from './section-rules.js';

const typeName = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);
const rulesSchema = z
  .object({
    $comment: z.string().optional(),
    headingLines: z.number().int().min(1).max(20),
    minSections: z.number().int().min(1),
    otherwise: typeName,
    types: z
      .array(
        z
          .object({ type: typeName, heading: z.array(z.string().min(1)), sections: z.array(z.string().min(1)) })
          .strict(),
      )
      .min(1),
  })
  .strict();

export interface DocumentTypeRules {
  detect(text: string, sections: readonly Section[]): string;
}

/** A "Label: value" line (Patient: …, Date of exam: …) is not part of the heading. */
const FIELD_LINE = /^[^:]{1,40}:\s+\S/;

export function loadDocumentTypeRules(file: string): DocumentTypeRules {
  const rules = readJsonFile(file, rulesSchema, rulesFileKind('document type rules'));
  const types = rules.types.map((t) => ({
    type: t.type,
    heading: new RegExp(`(?:^|[^a-z0-9])(?:${t.heading.join('|')})(?![a-z0-9])`),
    sections: t.sections.map((p) => new RegExp(`^(?:${p})$`)),
  }));
  return {
    detect(text, sections) {
      const heading = headingOf(text, rules.headingLines);
      const named = types.find((t) => heading.some((line) => t.heading.test(line)));
      if (named) return named.type;
      const titles = [...new Set(sections.map((s) => normalizeTitle(s.title)).filter(Boolean))];
      const bySections = types.find(
        (t) => t.sections.filter((re) => titles.some((title) => re.test(title))).length >= rules.minSections,
      );
      return bySections?.type ?? rules.otherwise;
    },
  };
}

/** Of the first `n` non-empty lines, those that are not "Label: value" lines, lower-cased. */
function headingOf(text: string, n: number): string[] {
  const lines: string[] = [];
  for (let at = 0, seen = 0; at < text.length && seen < n;) {
    const nl = text.indexOf('\n', at);
    const line = text.slice(at, nl < 0 ? text.length : nl).trim();
    if (line) seen++;
    if (line && !FIELD_LINE.test(line)) lines.push(line.toLowerCase().slice(0, 200));
    if (nl < 0) break;
    at = nl + 1;
  }
  return lines;
}
