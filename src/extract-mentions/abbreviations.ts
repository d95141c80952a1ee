/**
 * Curated clinical abbreviations (pipelines/rules/abbreviations.json) and their expansion in context:
 * "CP" is chest pain beside "substernal" and cerebral palsy beside "spastic"; "PE" in an exam is a
 * physical exam, near "CTA" a pulmonary embolism; "RA" near "SpO2" is room air. The expansion is then
 * read like chart words (lexicon terms, flexible matching), so an expansion that names no condition
 * yields no mention — which is how an ambiguous abbreviation is kept from being coded wrongly.
 */
import { z } from 'zod';
import type { Token } from '../contract/chart-record.js';
import { tokenize } from '../text/tokenize.js';
import { firstCharsOf } from './first-chars.js';
import { readJsonFile, rulesFileKind } from '../contract/json-file.js';

const expansion = z
  .object({
    text: z.string().min(1),
    cues: z.array(z.string().min(1)).default([]),
    sections: z.array(z.string()).default([]),
    default: z.boolean().default(false),
    all: z.boolean().default(false),
  })
  .strict();

const rulesSchema = z
  .object({
    $comment: z.string().optional(),
    window: z.number().int().min(1).max(50).default(8),
    abbreviations: z.array(z.object({ abbr: z.string().min(1), expansions: z.array(expansion).min(1) }).strict()),
  })
  .strict();

interface Expansion {
  /** Normalized words of the expansion, as lexicon terms are keyed. */
  words: string[];
  cues: Set<string>;
  sections: Set<string>;
  isDefault: boolean;
  all: boolean;
}

interface Entry {
  abbr: string;
  /** Raw tokens of the abbreviation ("N/V/D" → N, V, D). */
  tokens: string[];
  expansions: Expansion[];
}

export interface AbbreviationHit {
  /** First token and one past the last, in the unit. */
  from: number;
  to: number;
  /** Each meant expansion, as normalized words. */
  expansions: string[][];
}

export interface Abbreviations {
  /** The abbreviations in a unit's tokens with what they mean there. */
  find(text: string, tokens: Token[], section: string): AbbreviationHit[];
}

export function loadAbbreviations(file: string): Abbreviations {
  const parsed = readJsonFile(file, rulesSchema, rulesFileKind('abbreviation rules'));
  const byFirst = new Map<string, Entry[]>();
  for (const a of parsed.abbreviations) {
    const entry: Entry = {
      abbr: a.abbr,
      tokens: tokenize(a.abbr).map((t) => t.raw),
      expansions: a.expansions.map((x) => ({
        words: tokenize(x.text).map((t) => t.norm),
        cues: new Set(x.cues.flatMap((c) => tokenize(c).map((t) => t.raw.toLowerCase()))),
        sections: new Set(x.sections),
        isDefault: x.default,
        all: x.all,
      })),
    };
    byFirst.set(
      entry.tokens[0]!,
      [...(byFirst.get(entry.tokens[0]!) ?? []), entry].sort((p, q) => q.tokens.length - p.tokens.length),
    );
  }
  const window = parsed.window;
  const mayStart = firstCharsOf(byFirst.keys());
  return {
    find(text, tokens, section) {
      let hits: AbbreviationHit[] | undefined; // most units have none: no array for them
      for (let i = 0; i < tokens.length; i++) {
        const raw = tokens[i]!.raw;
        const entries = mayStart(raw) ? byFirst.get(raw) : undefined;
        const entry = entries?.find((e) => writtenAt(text, tokens, i, e));
        if (!entry) continue;
        const to = i + entry.tokens.length;
        const meant = choose(entry.expansions, tokens, i, to, window, section);
        if (meant.length) (hits ??= []).push({ from: i, to, expansions: meant.map((x) => x.words) });
        i = to - 1;
      }
      return hits ?? NONE;
    },
  };
}

/** The abbreviation exactly as written at token i: same tokens, same characters between them. */
const NONE: AbbreviationHit[] = [];

function writtenAt(text: string, tokens: Token[], i: number, e: Entry): boolean {
  const last = tokens[i + e.tokens.length - 1];
  if (!last) return false;
  return text.slice(tokens[i]!.start, last.end) === e.abbr;
}

function choose(
  expansions: Expansion[],
  tokens: Token[],
  from: number,
  to: number,
  window: number,
  section: string,
): Expansion[] {
  const all = expansions.filter((x) => x.all);
  if (all.length) return all;
  if (expansions.length === 1 && expansions[0]!.cues.size === 0) return expansions;
  const near: string[] = [];
  for (let k = Math.max(0, from - window); k < Math.min(tokens.length, to + window); k++)
    if (k < from || k >= to) near.push(tokens[k]!.raw.toLowerCase());
  const scored = expansions.map((x) => ({
    x,
    score: near.filter((w) => x.cues.has(w)).length + (x.sections.has(section) ? 2 : 0),
  }));
  const best = Math.max(...scored.map((s) => s.score));
  const top = scored.filter((s) => s.score === best);
  if (best > 0 && top.length === 1) return [top[0]!.x];
  const fallback = expansions.find((x) => x.isDefault);
  return fallback ? [fallback] : [];
}
