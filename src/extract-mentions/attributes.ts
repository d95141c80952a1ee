/**
 * Mention attributes read from the words around a mention in its unit: laterality (left, right,
 * bilateral, incl. "L", "R", "b/l"), acuity (acute, chronic, acute on chronic) and episode of care
 * (initial, subsequent, sequela). The nearest cue wins; at equal distance the longer cue, then the
 * earlier one. Cues are found once per unit (`findCues`), so reading a mention's attributes costs
 * only the cues near it, not a scan of the unit.
 */
import type { MentionAttributes } from '../contract/chart-record.js';
import type { Token } from '../contract/chart-record.js';
import { lowerBound } from '../text/lower-bound.js';

type Key = keyof MentionAttributes;
interface Cue {
  key: Key;
  words: string[];
  value: string;
  caseSensitive?: boolean;
}

const cue = (key: Key, words: string[], value: string, caseSensitive = false): Cue => ({
  key,
  words,
  value,
  caseSensitive,
});

const CUES: Cue[] = [
  cue('laterality', ['bilateral'], 'bilateral'),
  cue('laterality', ['bilaterally'], 'bilateral'),
  cue('laterality', ['b', 'l'], 'bilateral'),
  cue('laterality', ['bilat'], 'bilateral'),
  cue('laterality', ['both'], 'bilateral'),
  cue('laterality', ['left'], 'left'),
  cue('laterality', ['lt'], 'left'),
  cue('laterality', ['L'], 'left', true),
  cue('laterality', ['right'], 'right'),
  cue('laterality', ['rt'], 'right'),
  cue('laterality', ['R'], 'right', true),
  cue('acuity', ['acute', 'on', 'chronic'], 'acute_on_chronic'),
  cue('acuity', ['acute'], 'acute'),
  cue('acuity', ['chronic'], 'chronic'),
  cue('episode', ['initial', 'encounter'], 'initial'),
  cue('episode', ['subsequent', 'encounter'], 'subsequent'),
  cue('episode', ['routine', 'healing'], 'subsequent'),
  cue('episode', ['follow', 'up'], 'subsequent'),
  cue('episode', ['sequela'], 'sequela'),
  cue('episode', ['late', 'effect'], 'sequela'),
];

/** How far (in tokens) a laterality or acuity cue may stand from the mention; episode reaches the whole unit. */
const WINDOW: Record<Key, number> = { laterality: 6, acuity: 6, episode: Infinity };

/** Cues by first word: lower-cased for the case-insensitive ones, as written for "L" and "R". */
const BY_FIRST = new Map<string, Cue[]>();
const BY_FIRST_AS_WRITTEN = new Map<string, Cue[]>();
for (const c of CUES) {
  const index = c.caseSensitive ? BY_FIRST_AS_WRITTEN : BY_FIRST;
  const k = c.words[0]!;
  index.set(k, [...(index.get(k) ?? []), c]);
}

export interface CueHit {
  /** First token and one past the last. */
  from: number;
  to: number;
  value: string;
}

/** Every cue in a unit, by attribute, in token order. */
export type UnitCues = Record<Key, CueHit[]>;

export function findCues(unit: Token[]): UnitCues {
  const out: UnitCues = { laterality: [], acuity: [], episode: [] };
  const lower = (k: number) => unit[k]?.raw.toLowerCase();
  for (let i = 0; i < unit.length; i++) {
    const raw = unit[i]!.raw;
    const folded = BY_FIRST.get(raw.toLowerCase());
    if (folded)
      for (const c of folded)
        if (c.words.every((w, k) => lower(i + k) === w))
          out[c.key].push({ from: i, to: i + c.words.length, value: c.value });
    const written = BY_FIRST_AS_WRITTEN.get(raw);
    if (written)
      for (const c of written)
        if (c.words.every((w, k) => unit[i + k]?.raw === w))
          out[c.key].push({ from: i, to: i + c.words.length, value: c.value });
  }
  return out;
}

/** Attributes of the mention at tokens [from, to) of the unit whose cues are given. */
export function readAttributes(cues: UnitCues, from: number, to: number): MentionAttributes {
  const attrs: Record<string, string> = {};
  for (const key of ['laterality', 'acuity', 'episode'] as const) {
    const v = nearest(cues[key], from, to, WINDOW[key]);
    if (v) attrs[key] = v;
  }
  return attrs as MentionAttributes;
}

/** Words in the longest cue: how far a cue's end can lie past its start. */
const MAX_CUE = Math.max(...CUES.map((c) => c.words.length));

/** Also looks inside the mention: "left knee osteoarthritis" may be one lexicon term. */
function nearest(hits: CueHit[], from: number, to: number, window: number): string | undefined {
  // Hits are in token order. After `from` the distance never falls, so stop once past the nearest;
  // before it, no hit starting more than MAX_CUE tokens further back can be nearer.
  const p = firstAtOrAfter(hits, from);
  let bound = Infinity;
  let hi = p;
  for (; hi < hits.length; hi++) {
    const h = hits[hi]!;
    const dist = h.from >= to ? h.from - to : 0;
    if (h.from >= to + window || dist > bound) break;
    bound = dist;
  }
  let lo = p;
  while (lo > 0 && hits[lo - 1]!.from >= from - window && from - hits[lo - 1]!.from - MAX_CUE <= bound) lo--;
  // Visit the candidates earliest first, as the tie rule (earlier wins) expects.
  let best: { dist: number; len: number; value: string } | undefined;
  for (let i = lo; i < hi; i++) {
    const h = hits[i]!;
    const dist = h.to <= from ? from - h.to : h.from >= to ? h.from - to : 0;
    const len = h.to - h.from;
    if (!best || dist < best.dist || (dist === best.dist && len > best.len)) best = { dist, len, value: h.value };
  }
  return best?.value;
}

const firstAtOrAfter = (hits: CueHit[], from: number): number => lowerBound(hits, from, (h) => h.from);
