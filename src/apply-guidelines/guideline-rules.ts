/** Loads pipelines/rules/guidelines.json: history and family Z-code maps, chronic list, superseded pairs. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ChartcoderError } from '../errors.js';

const prefixMap = z.array(z.object({ prefix: z.string().min(1), code: z.string().min(3) }).strict());

const rulesSchema = z
  .object({
    $comment: z.string().optional(),
    personalHistory: prefixMap,
    familyHistory: prefixMap,
    chronicWhenHistorical: z.array(z.string().min(1)),
    supersededBy: z.array(z.object({ code: z.string(), byPrefix: z.string().min(1) }).strict()),
  })
  .strict();

export type GuidelineRules = z.infer<typeof rulesSchema>;

export function loadGuidelineRules(file: string): GuidelineRules {
  try {
    return rulesSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    const where = e instanceof z.ZodError ? `${file}: ${e.issues[0]?.path.join('.')}` : file;
    throw new ChartcoderError('CONFIG_BAD_VALUE', `guideline rules are not valid (${(e as Error).name})`, where);
  }
}

/** The entry whose prefix is the longest that starts `code`. */
export function byLongestPrefix(map: { prefix: string; code: string }[], code: string): string | undefined {
  let best: { prefix: string; code: string } | undefined;
  for (const m of map) if (code.startsWith(m.prefix) && (!best || m.prefix.length > best.prefix.length)) best = m;
  return best?.code;
}
