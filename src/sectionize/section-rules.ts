/** Loads the section header rules (pipelines/rules/sections.json) and classifies a header title. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ChartcoderError } from '../errors.js';

const rulesSchema = z
  .object({
    $comment: z.string().optional(),
    categories: z.array(z.object({ category: z.string().regex(/^[a-z_]+$/), patterns: z.array(z.string()).min(1) }).strict()),
  })
  .strict();

export interface SectionRules {
  /** Category for a header title, or undefined when the title is not a known header. */
  classify(title: string): string | undefined;
}

export function loadSectionRules(file: string): SectionRules {
  let parsed;
  try {
    parsed = rulesSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new ChartcoderError('CONFIG_BAD_VALUE', `section rules are not valid (${(e as Error).name})`, file);
  }
  const compiled = parsed.categories.map((c) => ({ category: c.category, re: new RegExp(`^(?:${c.patterns.join('|')})$`) }));
  return {
    classify(title) {
      const t = normalizeTitle(title);
      return compiled.find((c) => c.re.test(t))?.category;
    },
  };
}

export function normalizeTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/^\s*(?:\d{1,2}|[ivx]{1,4}|[a-h])[.)]\s*/, '')
    .replace(/[\s_]+/g, ' ')
    .replace(/[.:\s]+$/, '')
    .trim();
}
