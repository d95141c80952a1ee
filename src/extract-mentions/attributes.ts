/**
 * Mention attributes read from the words around a mention in its unit: laterality (left, right,
 * bilateral, incl. "L", "R", "b/l"), acuity (acute, chronic, acute on chronic) and episode of care
 * (initial, subsequent, sequela), by the cues of pipelines/rules/attribute-cues.json. The nearest cue wins; at equal distance the longer cue, then the
 * earlier one. Cues are found once per unit (`findCues`), so reading a mention's attributes costs
 * only the cues near it, not a scan of the unit.
 */
import type { MentionAttributes } from '../contract/chart-record.js';
import type { Token } from '../contract/chart-record.js';
import { lowerBound } from '../text/lower-bound.js';
import { readAttributeCues, SHIPPED_ATTRIBUTE_CUES } from './word-lists.js';

type Key = keyof MentionAttributes;
interface Cue {
  key: Key;
  words: string[];
  value: string;
}

/** The cues of attribute-cues.json, indexed for findCues. */
export interface AttributeCues {
  /** Cues by first word: lower-cased for the case-insensitive ones, as written for "L" and "R". */
  byFirst: Map<string, Cue[]>;
  byFirstAsWritten: Map<string, Cue[]>;
  /** How far (in tokens) a cue may stand from the mention (Infinity: the whole unit). */
  window: Record<Key, number>;
  /** Words in the longest cue: how far a cue's end can lie past its start. */
  maxCue: number;
}

export function loadAttributeCues(file: string): AttributeCues {
  const r = readAttributeCues(file);
  const cues: AttributeCues = {
    byFirst: new Map(),
    byFirstAsWritten: new Map(),
    window: {
      laterality: r.windows.laterality ?? Infinity,
      acuity: r.windows.acuity ?? Infinity,
      episode: r.windows.episode ?? Infinity,
    },
    maxCue: Math.max(...r.cues.map((c) => c.words.length)),
  };
  for (const c of r.cues) {
    const index = c.caseSensitive ? cues.byFirstAsWritten : cues.byFirst;
    const k = c.words[0]!;
    index.set(k, [...(index.get(k) ?? []), { key: c.attribute, words: c.words, value: c.value }]);
  }
  return cues;
}

let shipped: AttributeCues | undefined;

/** The shipped cues, read once (for callers outside a pipeline). */
export function shippedAttributeCues(): AttributeCues {
  return (shipped ??= loadAttributeCues(SHIPPED_ATTRIBUTE_CUES));
}

export interface CueHit {
  /** First token and one past the last. */
  from: number;
  to: number;
  value: string;
}

/** Every cue in a unit, by attribute, in token order. */
export type UnitCues = Record<Key, CueHit[]>;

export function findCues(unit: Token[], cues: AttributeCues): UnitCues {
  const out: UnitCues = { laterality: [], acuity: [], episode: [] };
  const lower = (k: number) => unit[k]?.raw.toLowerCase();
  for (let i = 0; i < unit.length; i++) {
    const raw = unit[i]!.raw;
    const folded = cues.byFirst.get(raw.toLowerCase());
    if (folded)
      for (const c of folded)
        if (c.words.every((w, k) => lower(i + k) === w))
          out[c.key].push({ from: i, to: i + c.words.length, value: c.value });
    const written = cues.byFirstAsWritten.get(raw);
    if (written)
      for (const c of written)
        if (c.words.every((w, k) => unit[i + k]?.raw === w))
          out[c.key].push({ from: i, to: i + c.words.length, value: c.value });
  }
  return out;
}

/** Attributes of the mention at tokens [from, to) of the unit whose cues are given. */
export function readAttributes(found: UnitCues, from: number, to: number, cues: AttributeCues): MentionAttributes {
  const attrs: Record<string, string> = {};
  for (const key of ['laterality', 'acuity', 'episode'] as const) {
    const v = nearest(found[key], from, to, cues.window[key], cues.maxCue);
    if (v) attrs[key] = v;
  }
  return attrs as MentionAttributes;
}

/** Also looks inside the mention: "left knee osteoarthritis" may be one lexicon term. */
function nearest(hits: CueHit[], from: number, to: number, window: number, maxCue: number): string | undefined {
  // Hits are in token order. After `from` the distance never falls, so stop once past the nearest;
  // before it, no hit starting more than maxCue tokens further back can be nearer.
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
  while (lo > 0 && hits[lo - 1]!.from >= from - window && from - hits[lo - 1]!.from - maxCue <= bound) lo--;
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
