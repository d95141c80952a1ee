/**
 * ConText over one unit: find pseudo-triggers, triggers and terminators on the unit's words, then
 * decide each mention's assertion from the triggers whose scope reaches it. A forward trigger's scope
 * runs to the next terminator or the unit's end; a backward trigger's back to the previous terminator
 * or the unit's start. Words inside a mention never trigger for it.
 */
import type { Assertion, TextRange } from '../contract/chart-record.js';
import type { Token } from '../contract/chart-record.js';
import { tokenize } from '../text/tokenize.js';
import type { AssertionCategory, AssertionRules, Phrase, Trigger } from './assertion-rules.js';
import { lowerBound } from '../text/lower-bound.js';

interface Found<P extends Phrase> {
  phrase: P;
  start: number;
  end: number;
}

export interface AssertionDecision {
  assertion: Assertion;
  ruleId?: string;
}

/** `given`: the unit's tokens when the caller has them (only `raw`, `start` and `end` are read). */
export function classifyUnit(
  text: string,
  unit: TextRange,
  mentions: TextRange[],
  rules: AssertionRules,
  given?: Token[],
): AssertionDecision[] {
  const tokens = given ?? tokenize(text, unit.start, unit.end, false);
  const words = tokens.map((t) => t.raw.toLowerCase());
  // One lookup per word tells whether it opens any phrase: the three searches below look up only those.
  const starts = firstWordsOf(rules);
  const opens = words.map((w) => starts.has(w));
  const pseudo = findPhrases(words, opens, rules.pseudo);
  // Words inside a pseudo-trigger, one flag per word (most units have no pseudo-trigger: no array then).
  let blocked: boolean[] | undefined;
  for (const p of pseudo)
    for (let i = p.start; i < p.end; i++) (blocked ??= new Array<boolean>(words.length).fill(false))[i] = true;
  const free = (t: Found<Phrase>) => {
    if (blocked) for (let i = t.start; i < t.end; i++) if (blocked[i]) return false;
    return true;
  };
  const triggers = findPhrases(words, opens, rules.triggers).filter(free);
  // Stops in half-word steps, doubled to stay integers (2k: a terminator at word k; 2k - 1: punctuation
  // just before word k): an array of small integers keeps one element kind, where mixing k and k - 0.5
  // changed it under the optimized code.
  const stops = findPhrases(words, opens, rules.terminators)
    .filter(free)
    .map((t) => 2 * t.start);
  // A punctuation stop sits between two words. Searched in the unit's own text: indexOf on the whole
  // chart would run to the chart's end for every unit.
  const unitText = text.slice(unit.start, unit.end);
  // Stops that end only some categories' scopes, by category (most units have none: no Map then).
  let scoped: Map<AssertionCategory, number[]> | undefined;
  for (const p of rules.punctuationTerminators) {
    for (let at = unitText.indexOf(p.text); at >= 0; at = unitText.indexOf(p.text, at + 1)) {
      const stop = 2 * firstTokenFrom(tokens, unit.start + at + 1) - 1;
      if (!p.categories) stops.push(stop);
      else for (const c of p.categories) (scoped ??= new Map()).set(c, [...(scoped.get(c) ?? []), stop]);
    }
  }
  stops.sort((a, b) => a - b);
  if (scoped) for (const list of scoped.values()) list.sort((a, b) => a - b);
  return mentions.map((m) =>
    decide(firstTokenFrom(tokens, m.start), firstTokenFrom(tokens, m.end), triggers, stops, rules.precedence, scoped),
  );
}

/** Index of the first token starting at or after `at` (tokens.length if none). */
const firstTokenFrom = (tokens: { start: number }[], at: number): number => lowerBound(tokens, at, (t) => t.start);

/** Whether a sorted list holds a value in [lo, hi). */
function anyIn(sorted: number[], lo: number, hi: number): boolean {
  const i = lowerBound(sorted, lo, (v) => v);
  return i < sorted.length && sorted[i]! < hi;
}

function decide(
  from: number,
  to: number,
  triggers: Found<Trigger>[],
  stops: number[],
  precedence: AssertionCategory[],
  scoped?: Map<AssertionCategory, number[]>,
): AssertionDecision {
  const hits = new Map<AssertionCategory, string>();
  for (const t of triggers) {
    // Inside the mention, except a historical forward trigger that opens it ("Prior stroke" as one term).
    const opens =
      t.start === from && t.end < to && t.phrase.direction !== 'backward' && t.phrase.category === 'historical';
    if (t.end > from && t.start < to && !opens) continue;
    const before = t.end <= from;
    const applies = before ? t.phrase.direction !== 'backward' : t.phrase.direction !== 'forward';
    if (!applies) continue;
    const lo = before ? t.end : to;
    const hi = before ? from : t.start;
    if (anyIn(stops, 2 * lo - 1, 2 * hi)) continue;
    const own = scoped?.get(t.phrase.category);
    if (own && anyIn(own, 2 * lo - 1, 2 * hi)) continue;
    if (!hits.has(t.phrase.category)) hits.set(t.phrase.category, t.phrase.ruleId);
  }
  for (const c of precedence) {
    const rule = hits.get(c);
    if (rule) return { assertion: c, ruleId: rule };
  }
  return { assertion: 'present' };
}

/** Phrases by their first word, built once per phrase list (the hot loop looks up, never scans). */
const byFirstWord = new WeakMap<Phrase[], Map<string, Phrase[]>>();

function indexOf<P extends Phrase>(phrases: P[]): Map<string, P[]> {
  let index = byFirstWord.get(phrases) as Map<string, P[]> | undefined;
  if (!index) {
    index = new Map();
    for (const p of phrases) {
      const list = index.get(p.words[0]!) ?? [];
      list.push(p);
      index.set(p.words[0]!, list);
    }
    byFirstWord.set(phrases, index);
  }
  return index;
}

/**
 * The first words of every pseudo-trigger, trigger and terminator, built once per rule set (and again if
 * one of its phrase lists is replaced, as the per-list index above would be).
 */
const firstWords = new WeakMap<AssertionRules, { lists: Phrase[][]; set: Set<string> }>();

function firstWordsOf(rules: AssertionRules): Set<string> {
  const lists = [rules.pseudo, rules.triggers, rules.terminators];
  let built = firstWords.get(rules);
  if (!built || built.lists.some((l, i) => l !== lists[i])) {
    built = { lists, set: new Set(lists.flat().map((p) => p.words[0]!)) };
    firstWords.set(rules, built);
  }
  return built.set;
}

/** Longest phrase at each word, left to right, non-overlapping. `opens[i]`: word i is the first word of some phrase of the rules. */
function findPhrases<P extends Phrase>(words: string[], opens: boolean[], phrases: P[]): Found<P>[] {
  const index = indexOf(phrases);
  const out: Found<P>[] = [];
  for (let i = 0; i < words.length;) {
    let best: P | undefined;
    const candidates = opens[i] ? index.get(words[i]!) : undefined;
    if (candidates) {
      for (const p of candidates)
        if (p.words.length > (best?.words.length ?? 0) && wordsAt(words, i, p.words)) best = p;
    }
    if (best) {
      out.push({ phrase: best, start: i, end: i + best.words.length });
      i += best.words.length;
    } else i++;
  }
  return out;
}

/** Whether `phrase` is written at word i (a loop, not `every`: this runs for every word of every unit). */
function wordsAt(words: string[], i: number, phrase: string[]): boolean {
  for (let k = 0; k < phrase.length; k++) if (words[i + k] !== phrase[k]) return false;
  return true;
}
