/**
 * Long-term drug therapy (ICD-10-CM Z79.-) read from a chart's medication list: "MEDICATIONS: Metformin
 * 1000 mg b.i.d., aspirin 81 mg daily" is the patient on oral hypoglycemics (Z79.84) and aspirin (Z79.82),
 * though no sentence says "long-term". In sections whose category is a medication list (home and
 * discharge medications) a drug named is a drug the patient takes; elsewhere only with a word saying so
 * ("continue metformin", "home aspirin", "glipizide resumed"), since a drug given once in the ED or on the
 * ward is named there too. Rules: pipelines/rules/medications.json, drug names by code, and patterns
 * that, in the same list entry, say the use is not long-term (a course of days, a sliding scale, a nasal spray).
 */
import { z } from 'zod';
import type { CodeSystemId } from '../contract/chart-record.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import { readJsonFile, rulesFileKind } from '../contract/json-file.js';
import type { TermHit } from './term-hit.js';
import type { Token } from '../contract/chart-record.js';
import { tokenize } from '../text/tokenize.js';

const pattern = z.string().min(1).refine(compiles, 'not a valid regular expression');

const rulesSchema = z
  .object({
    $comment: z.string().optional(),
    sections: z.array(z.string().min(1)).min(1),
    /** Outside those sections, a drug counts only with one of these words just before it ("continue metformin") or after it ("glipizide resumed"). */
    cues: z
      .object({ before: z.array(z.string().min(1)).default([]), after: z.array(z.string().min(1)).default([]) })
      .strict()
      .default({ before: [], after: [] }),
    /** Regular expressions over a list entry that mean a use is not long-term, for every class. */
    unless: z.array(pattern).default([]),
    classes: z.array(
      z
        .object({
          code: z.string().min(1),
          drugs: z.array(z.string().min(1)).min(1),
          /** Like the top-level `unless`, for this class only. */
          unless: z.array(pattern).default([]),
        })
        .strict(),
    ),
  })
  .strict();

/** A drug found in a unit, in token indexes. */
export interface DrugHit {
  from: number;
  to: number;
  hits: TermHit[];
}

interface Drug {
  words: string[];
  hit: TermHit;
  unless: RegExp | undefined;
}

export interface Medications {
  /** Drugs named in `tokens` (one unit of `text`): any in a medication list, elsewhere those a cue word marks as taken. */
  find(text: string, tokens: Token[], section: string): DrugHit[];
}

const SYSTEM: CodeSystemId = 'icd10cm';
/** A medication list entry ends at a comma, semicolon or line end. */
const ENTRY_END = /[,;\n]/;

/** The rules file, read and validated (patterns compile). */
export function readMedicationRules(file: string): z.infer<typeof rulesSchema> {
  return readJsonFile(file, rulesSchema, rulesFileKind('medication rules'));
}

/** Classes whose code the code set in force lacks are left out: a drug never points at a code that is not there. */

export function loadMedications(file: string, codeSets: CodeSetRegistry): Medications {
  const rules = readMedicationRules(file);
  const sections = new Set(rules.sections);
  const norms = (words: string[]) => new Set(words.flatMap((w) => tokenize(w).map((t) => t.norm)));
  const before = norms(rules.cues.before);
  const after = norms(rules.cues.after);
  const byFirst = new Map<string, Drug[]>();
  const cm = codeSets.has(SYSTEM) ? codeSets.get(SYSTEM) : undefined;
  for (const c of rules.classes) {
    if (!cm?.lookup(c.code)) continue;
    const patterns = [...rules.unless, ...c.unless];
    const unless = patterns.length ? new RegExp(patterns.map((p) => `(?:${p})`).join('|'), 'i') : undefined;
    for (const name of c.drugs) {
      const words = tokenize(name, 0, name.length).map((t) => t.norm);
      if (words.length === 0) continue;
      const list = byFirst.get(words[0]!) ?? [];
      list.push({ words, hit: { system: SYSTEM, code: c.code, matchType: 'exact' }, unless });
      byFirst.set(words[0]!, list);
    }
  }
  return {
    find(text, tokens, section) {
      if (byFirst.size === 0) return [];
      const list = sections.has(section);
      const out: DrugHit[] = [];
      for (let i = 0; i < tokens.length; i++) {
        const drugs = byFirst.get(tokens[i]!.norm);
        if (!drugs) continue; // most tokens: no allocation on this path, which runs over every word of every chart
        for (const d of drugs) {
          if (!d.words.every((w, k) => tokens[i + k]?.norm === w)) continue;
          const to = i + d.words.length;
          if (!list && !before.has(tokens[i - 1]?.norm ?? '') && !after.has(tokens[to]?.norm ?? '')) continue;
          if (d.unless?.test(entryOf(text, tokens[i]!.start, tokens[to - 1]!.end))) continue;
          out.push({ from: i, to, hits: [d.hit] });
        }
      }
      return out;
    },
  };
}

function compiles(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}

/** The list entry around [start, end): from the previous separator to the next one. */
function entryOf(text: string, start: number, end: number): string {
  let a = start;
  while (a > 0 && !ENTRY_END.test(text[a - 1]!)) a--;
  let b = end;
  while (b < text.length && !ENTRY_END.test(text[b]!)) b++;
  return text.slice(a, b);
}
