/**
 * ICD-10-PCS codes composed from what a chart names, instead of only the terms of a fixed list: a root
 * operation or imaging word ("biopsy", "CT"), a body part near it ("of the liver", "chest") and an
 * approach ("percutaneous", "laparoscopic"), matched against the long titles of the PCS release in force,
 * which spell the axes out: "Excision of Liver, Percutaneous Approach, Diagnostic", "Computerized
 * Tomography (CT Scan) of Chest and Abdomen". Rules (pipelines/rules/pcs-compose.json) say which words
 * name which operation and approach. The titles are indexed once per release, by operation and body
 * part words; per chart the cost is a few lookups for each operation word found.
 */
import type { WordForms } from '../text/word-forms.js';
import { z } from 'zod';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import { readJsonFile, rulesFileKind } from '../contract/json-file.js';
import type { TermHit } from './term-hit.js';
import type { Token } from '../contract/chart-record.js';
import { tokenize } from '../text/tokenize.js';

const words = z.array(z.string().min(1)).min(1);
const rulesSchema = z
  .object({
    $comment: z.string().optional(),
    window: z.object({ before: z.number().int().min(0).max(20), after: z.number().int().min(0).max(20) }).strict(),
    operations: z.array(
      z
        .object({
          words,
          title: z.string().min(1),
          qualifier: z.string().min(1).optional(),
          defaultApproach: z.string().min(1).optional(),
        })
        .strict(),
    ),
    approaches: z.array(z.object({ words, title: z.string().min(1) }).strict()),
    /** Words of a title's body part that a chart may leave out ("thyroid" for "Thyroid Gland"). */
    optionalBodyPartWords: z.array(z.string().min(1)).default([]),
    titleLinkWords: z.array(z.string().min(1)),
  })
  .strict();

/** A composed code found in a unit, in token indexes. */
export interface ComposedHit {
  from: number;
  to: number;
  hits: TermHit[];
}

export interface PcsComposer {
  find(tokens: Token[]): ComposedHit[];
}

interface Candidate {
  code: string;
  /** What follows the body part: contrast, approach, qualifier ("Percutaneous Approach, Diagnostic"). */
  rest: string;
  titleLength: number;
}

interface BodyPart {
  words: string[];
  codes: Candidate[];
}

interface Operation {
  title: string;
  qualifier?: string;
  defaultApproach?: string;
  /** Body parts by each of their words. */
  byWord: Map<string, BodyPart[]>;
}

const NONE: ComposedHit[] = [];

export function readPcsComposeRules(file: string): z.infer<typeof rulesSchema> {
  return readJsonFile(file, rulesSchema, rulesFileKind('PCS composition rules'));
}

/** Undefined when no ICD-10-PCS release is loaded: nothing to compose from. */
export function loadPcsComposer(file: string, codeSets: CodeSetRegistry, forms: WordForms): PcsComposer | undefined {
  if (!codeSets.has('icd10pcs')) return undefined;
  const r = readPcsComposeRules(file);
  const partWord = (w: string) => forms.get(w) ?? w;
  // Body parts by operation title: "biopsy" and "excision" share the Excision titles.
  const byTitle = new Map(r.operations.map((o) => [o.title, new Map<string, BodyPart[]>()]));
  const parts = new Map<string, BodyPart>();
  const optional = new Set(r.optionalBodyPartWords);
  const link = new Set(r.titleLinkWords);
  for (const e of codeSets.get('icd10pcs').entries()) {
    if (!e.billable) continue;
    const at = e.title.indexOf(' of ');
    const opTitle = at > 0 ? e.title.slice(0, at) : '';
    const byWord = byTitle.get(opTitle);
    if (!byWord) continue;
    const tail = e.title.slice(at + 4);
    const { partTitle, rest } = splitTail(tail);
    const ws = [
      ...new Set(
        tokenize(partTitle)
          .map((t) => partWord(t.norm))
          .filter((w) => !link.has(w) && !optional.has(w)),
      ),
    ];
    if (ws.length === 0) continue;
    const key = `${opTitle}|${[...ws].sort().join(' ')}`;
    let part = parts.get(key);
    if (!part) {
      parts.set(key, (part = { words: ws, codes: [] }));
      for (const w of ws) {
        const list = byWord.get(w);
        if (list) list.push(part);
        else byWord.set(w, [part]);
      }
    }
    part.codes.push({ code: e.code, rest, titleLength: e.title.length });
  }
  const operations: Operation[] = r.operations.map((o) => ({
    title: o.title,
    qualifier: o.qualifier,
    defaultApproach: o.defaultApproach,
    byWord: byTitle.get(o.title)!,
  }));
  const opPhrases = phraseIndex(r.operations.map((o, i) => ({ words: o.words, value: operations[i]! })));
  const approachPhrases = phraseIndex(r.approaches.map((a) => ({ words: a.words, value: a.title })));
  return {
    find(tokens) {
      let out: ComposedHit[] | undefined;
      for (let i = 0; i < tokens.length; i++) {
        const m = longestAt(opPhrases, tokens, i);
        if (!m) continue;
        const lo = Math.max(0, i - r.window.before);
        const hi = Math.min(tokens.length, m.to + r.window.after);
        const hit = compose(m.value, tokens, lo, hi, partWord, approachPhrases);
        if (hit)
          (out ??= []).push({
            from: Math.min(i, hit.from),
            to: Math.max(m.to, hit.to),
            hits: [{ system: 'icd10pcs', code: hit.code, matchType: 'exact' }],
          });
        i = m.to - 1;
      }
      return out ?? NONE;
    },
  };
}

/** The body part with the most words all present in tokens [lo, hi), then the code its approach and qualifier pick. */
function compose(
  op: Operation,
  tokens: Token[],
  lo: number,
  hi: number,
  partWord: (w: string) => string,
  approaches: PhraseIndex<string>,
): { code: string; from: number; to: number } | undefined {
  const at = new Map<string, number>();
  for (let k = lo; k < hi; k++) {
    const w = partWord(tokens[k]!.norm);
    if (!at.has(w)) at.set(w, k);
  }
  let best: BodyPart | undefined;
  for (const w of at.keys()) {
    for (const part of op.byWord.get(w) ?? []) {
      if (part.words.length <= (best?.words.length ?? 0) || !part.words.every((x) => at.has(x))) continue;
      best = part;
    }
  }
  if (!best) return undefined;
  let approach: string | undefined;
  for (let k = lo; k < hi && !approach; k++) approach = longestAt(approaches, tokens, k)?.value;
  approach ??= op.defaultApproach;
  const fits = (c: Candidate) =>
    (!op.qualifier || c.rest.includes(op.qualifier)) && (!approach || c.rest.includes(approach));
  const pool = best.codes.some(fits)
    ? best.codes.filter(fits)
    : best.codes.filter((c) => !op.qualifier || c.rest.includes(op.qualifier));
  const chosen = pool.sort((a, b) => a.titleLength - b.titleLength || (a.code < b.code ? -1 : 1))[0];
  if (!chosen) return undefined;
  const ks = best.words.map((w) => at.get(w)!);
  return { code: chosen.code, from: Math.min(...ks), to: Math.max(...ks) + 1 };
}

/**
 * "Chest, Abdomen and Pelvis using Low Osmolar Contrast" → body part "Chest, Abdomen and Pelvis"; "Liver,
 * Percutaneous Approach, Diagnostic" → body part "Liver": a body part may hold commas, and ends at "using"
 * (contrast) or at the approach.
 */
function splitTail(tail: string): { partTitle: string; rest: string } {
  const using = tail.indexOf(' using ');
  const body = using < 0 ? tail : tail.slice(0, using);
  const segments = body.split(', ');
  const approachAt = segments.findIndex((seg) => seg.endsWith('Approach') || seg.startsWith('Via '));
  const partEnd = approachAt < 0 ? segments.length : approachAt;
  const rest = [...segments.slice(partEnd), ...(using < 0 ? [] : [tail.slice(using + 7)])].join(', ');
  return { partTitle: segments.slice(0, partEnd).join(', '), rest };
}

type PhraseIndex<V> = Map<string, { words: string[]; value: V }[]>;

function phraseIndex<V>(groups: { words: string[]; value: V }[]): PhraseIndex<V> {
  const index: PhraseIndex<V> = new Map();
  for (const g of groups) {
    for (const phrase of g.words) {
      const ws = tokenize(phrase).map((t) => t.norm);
      if (ws.length === 0) continue;
      index.set(ws[0]!, [...(index.get(ws[0]!) ?? []), { words: ws, value: g.value }]);
    }
  }
  return index;
}

function longestAt<V>(index: PhraseIndex<V>, tokens: Token[], i: number): { to: number; value: V } | undefined {
  let best: { to: number; value: V } | undefined;
  for (const p of index.get(tokens[i]!.norm) ?? []) {
    if (p.words.every((w, k) => tokens[i + k]?.norm === w) && i + p.words.length > (best?.to ?? 0))
      best = { to: i + p.words.length, value: p.value };
  }
  return best;
}
