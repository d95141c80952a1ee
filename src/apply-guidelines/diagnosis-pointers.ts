/**
 * Diagnosis pointers: which diagnosis codes of the chart support each procedure (a claim line points
 * to up to four). Searched nearest first, the first tier that finds any wins:
 *  1. a diagnosis in the same sentence or list item as the procedure ("appendectomy for appendicitis");
 *  2. diagnoses in an indication, reason-for-procedure or pre-/postoperative diagnosis section;
 *  3. diagnoses in the procedure's own section;
 *  4. the first-listed diagnosis, when the provider concluded it (assessment, impression, diagnoses).
 * A procedure with none is flagged `procedure_without_dx`: medical necessity is not documented.
 * Example: "PROCEDURE: colonoscopy" under "INDICATION: rectal bleeding" → K62.5.
 */
import type { ChartRecord, CodeSuggestion, Evidence, TextRange } from '../contract/chart-record.js';
import type { SectionGroups } from '../contract/section-groups.js';

const MAX_POINTERS = 4;
const INDICATION_TITLE = /\b(indications?|reason for|pre-?op(erative)?|post-?op(erative)?)\b/i;

export function pointDiagnoses(
  codes: CodeSuggestion[],
  record: Pick<ChartRecord, 'mentions' | 'sections'>,
  groups: Pick<SectionGroups, 'conclusion'>,
): void {
  const dx = codes.filter((c) => c.system === 'icd10cm').sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
  const units = new Map(record.mentions.map((m) => [m.id, m.unit]));
  const sectionOf = (e: Evidence) =>
    record.sections.find((s) => e.range.start >= s.range.start && e.range.start < s.range.end);
  const within = (e: Evidence, r: TextRange | undefined) => !!r && e.range.start >= r.start && e.range.end <= r.end;
  const tiers: ((p: CodeSuggestion, d: CodeSuggestion) => boolean)[] = [
    (p, d) => p.evidence.some((pe) => d.evidence.some((de) => within(de, units.get(pe.mentionId)))),
    (_p, d) => d.evidence.some((de) => INDICATION_TITLE.test(sectionOf(de)?.title ?? '')),
    (p, d) =>
      p.evidence.some((pe) => d.evidence.some((de) => sectionOf(pe) !== undefined && sectionOf(de) === sectionOf(pe))),
    (_p, d) => d.sequence === 1 && !d.features.derived && d.evidence.some((de) => groups.conclusion.has(de.section)),
  ];
  for (const p of codes) {
    if (p.system === 'icd10cm') continue;
    let found: CodeSuggestion[] = [];
    for (const tier of tiers) {
      found = dx.filter((d) => tier(p, d));
      if (found.length > 0) break;
    }
    p.diagnosisPointers = found.slice(0, MAX_POINTERS).map((d) => d.code);
    if (found.length === 0 && !p.flags.includes('procedure_without_dx')) p.flags.push('procedure_without_dx');
  }
}
