/**
 * Loads the section header rules (pipelines/rules/sections.json) and classifies a header title. A title
 * that matches no pattern as written is retried without qualifiers ("PHYSICAL EXAM ON ADMISSION" is an
 * exam, "PERTINENT RESULTS" results) and then as a compound of known titles ("ED COURSE / MDM",
 * "SHX/FHX"), so the taxonomy does not need one pattern per combination a clinician may write.
 */
import { z } from 'zod';
import { readJsonFile, rulesFileKind } from '../contract/json-file.js';

const category = z.string().regex(/^[a-z_]+$/);
const rulesSchema = z
  .object({
    $comment: z.string().optional(),
    qualifiers: z
      .object({ leading: z.array(z.string().min(1)), trailing: z.array(z.string().min(1)) })
      .strict()
      .default({ leading: [], trailing: [] }),
    compoundPriority: z.array(category).default([]),
    categories: z.array(
      z.object({ category, patterns: z.array(z.string()).min(1), keepInside: z.array(category).optional() }).strict(),
    ),
  })
  .strict();

export interface SectionRules {
  /**
   * Category for a header title, or undefined when the title is not a known header. `parent` is the
   * category of the section the header sits in: body-system sub-headings keep it inside ros or exam.
   */
  classify(title: string, parent?: string): string | undefined;
}

interface Rule {
  category: string;
  re: RegExp;
  keepInside: Set<string>;
}

export function loadSectionRules(file: string): SectionRules {
  const parsed = readJsonFile(file, rulesSchema, rulesFileKind('section rules'));
  const rules: Rule[] = parsed.categories.map((c) => ({
    category: c.category,
    re: new RegExp(`^(?:${c.patterns.join('|')})$`),
    keepInside: new Set(c.keepInside ?? []),
  }));
  const { leading, trailing } = parsed.qualifiers;
  const unqualify = new RegExp(
    `^(?:(?:${leading.join('|') || '(?!)'}) )*(.+?)(?: (?:${trailing.join('|') || '(?!)'}))*$`,
  );
  const rank = (c: string) => {
    const i = parsed.compoundPriority.indexOf(c);
    return i < 0 ? parsed.compoundPriority.length : i;
  };
  const whole = (t: string) => rules.find((r) => r.re.test(t));
  const plain = (t: string) => whole(t) ?? whole(unqualify.exec(t)?.[1] ?? t);
  const compound = (t: string): Rule | undefined => {
    const parts = t.split(/\s*(?:\/|&|,|\band\b)\s*/).filter(Boolean);
    if (parts.length < 2) return undefined;
    const found = parts.map(plain);
    if (found.some((r) => !r)) return undefined; // every part must be a known title: "heart and mediastinum" is not a header
    return (found as Rule[]).reduce((a, b) => (rank(b.category) < rank(a.category) ? b : a));
  };
  return {
    classify(title, parent) {
      const t = normalizeTitle(title);
      if (!t) return undefined;
      const rule = plain(t) ?? compound(t);
      if (!rule) return undefined;
      return parent && rule.keepInside.has(parent) ? parent : rule.category;
    },
  };
}

export function normalizeTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/^\s*(?:\d{1,2}|[ivx]{1,4}|[a-h])[.)]\s*/, '')
    .replace(/\([^()]*\)/g, ' ') // asides: "DATA (01/2026)", "PREOPERATIVE DIAGNOSIS (ES)", "LABS (today)"
    .replace(/\s*\/\s*/g, '/')
    .replace(/[\s_]+/g, ' ')
    .replace(/[.:\s-]+$/, '')
    .trim();
}
