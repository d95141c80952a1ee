/**
 * Groups of section categories that several stages reason about (pipelines/rules/section-groups.json), as
 * data validated when the config is loaded: where a provider states conclusions, where mentions are still
 * narrative, which sections list the final diagnoses, which hold past history. The stages that use them
 * (apply-guidelines, rank-codes, score-confidence) name the file in their `sectionGroups` option, so the
 * config hash covers it; callers outside a pipeline (tests, offline tools without a config) read the shipped one.
 */
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, rulesFileKind } from './json-file.js';
import { pipelinesDir } from './paths.js';

const category = z.string().regex(/^[a-z_]+$/, 'expected a section category (lower case and underscores)');
const group = z.array(category).min(1);

const schema = z
  .object({
    $comment: z.string().optional(),
    /** Where a provider states conclusions: diagnoses and procedures written here are what was decided or done. */
    conclusion: group,
    /** Where mentions are complaints, findings, history or lists, not yet conclusions. */
    narrative: group,
    /** Sections that list the encounter's final diagnoses (discharge, postoperative, a radiology impression). */
    diagnosisLists: group,
    /** Past history: a procedure named only here was not done at this encounter. */
    past: group,
  })
  .strict()
  // A section cannot be both: inConclusion and narrativeOnly would contradict each other.
  .refine((g) => !g.conclusion.some((c) => g.narrative.includes(c)), {
    message: 'expected no category in both conclusion and narrative',
    path: ['narrative'],
  });

export interface SectionGroups {
  conclusion: ReadonlySet<string>;
  narrative: ReadonlySet<string>;
  diagnosisLists: ReadonlySet<string>;
  past: ReadonlySet<string>;
}

export const SHIPPED_SECTION_GROUPS = path.join(pipelinesDir, 'rules', 'section-groups.json');

export function loadSectionGroups(file: string): SectionGroups {
  const g = readJsonFile(file, schema, rulesFileKind('section groups'));
  return {
    conclusion: new Set(g.conclusion),
    narrative: new Set(g.narrative),
    diagnosisLists: new Set(g.diagnosisLists),
    past: new Set(g.past),
  };
}

let shipped: SectionGroups | undefined;

/** The shipped groups, read once. */
export function shippedSectionGroups(): SectionGroups {
  return (shipped ??= loadSectionGroups(SHIPPED_SECTION_GROUPS));
}
