/**
 * Mention attributes read from the words around a mention in its unit: laterality (left, right,
 * bilateral, incl. "L", "R", "b/l"), acuity (acute, chronic, acute on chronic) and episode of care
 * (initial, subsequent, sequela). The nearest cue wins.
 */
import type { MentionAttributes } from '../chart-record.js';
import type { Token } from './tokenize.js';

type Cue<K extends keyof MentionAttributes> = { words: string[]; value: NonNullable<MentionAttributes[K]>; caseSensitive?: boolean };

const LATERALITY: Cue<'laterality'>[] = [
  { words: ['bilateral'], value: 'bilateral' },
  { words: ['bilaterally'], value: 'bilateral' },
  { words: ['b', 'l'], value: 'bilateral' },
  { words: ['bilat'], value: 'bilateral' },
  { words: ['both'], value: 'bilateral' },
  { words: ['left'], value: 'left' },
  { words: ['lt'], value: 'left' },
  { words: ['L'], value: 'left', caseSensitive: true },
  { words: ['right'], value: 'right' },
  { words: ['rt'], value: 'right' },
  { words: ['R'], value: 'right', caseSensitive: true },
];

const ACUITY: Cue<'acuity'>[] = [
  { words: ['acute', 'on', 'chronic'], value: 'acute_on_chronic' },
  { words: ['acute'], value: 'acute' },
  { words: ['chronic'], value: 'chronic' },
];

const EPISODE: Cue<'episode'>[] = [
  { words: ['initial', 'encounter'], value: 'initial' },
  { words: ['subsequent', 'encounter'], value: 'subsequent' },
  { words: ['routine', 'healing'], value: 'subsequent' },
  { words: ['follow', 'up'], value: 'subsequent' },
  { words: ['sequela'], value: 'sequela' },
  { words: ['late', 'effect'], value: 'sequela' },
];

/** How far (in tokens) a cue may stand from the mention. */
const WINDOW = 6;

export function readAttributes(unit: Token[], from: number, to: number): MentionAttributes {
  const attrs: MentionAttributes = {};
  const laterality = nearest(unit, from, to, LATERALITY, WINDOW);
  if (laterality) attrs.laterality = laterality;
  const acuity = nearest(unit, from, to, ACUITY, WINDOW);
  if (acuity) attrs.acuity = acuity;
  const episode = nearest(unit, from, to, EPISODE, unit.length);
  if (episode) attrs.episode = episode;
  return attrs;
}

/** Also look inside the mention: "left knee osteoarthritis" may be one lexicon term. */
function nearest<K extends keyof MentionAttributes>(unit: Token[], from: number, to: number, cues: Cue<K>[], window: number) {
  let best: { dist: number; value: NonNullable<MentionAttributes[K]>; len: number } | undefined;
  const lo = Math.max(0, from - window);
  const hi = Math.min(unit.length, to + window);
  for (let i = lo; i < hi; i++) {
    for (const cue of cues) {
      if (!cueAt(unit, i, cue)) continue;
      const end = i + cue.words.length;
      const dist = end <= from ? from - end : i >= to ? i - to : 0;
      if (!best || dist < best.dist || (dist === best.dist && cue.words.length > best.len)) {
        best = { dist, value: cue.value, len: cue.words.length };
      }
    }
  }
  return best?.value;
}

function cueAt<K extends keyof MentionAttributes>(unit: Token[], i: number, cue: Cue<K>): boolean {
  return cue.words.every((w, k) => {
    const t = unit[i + k];
    if (!t) return false;
    return cue.caseSensitive ? t.raw === w : t.raw.toLowerCase() === w;
  });
}
