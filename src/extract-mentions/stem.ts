/**
 * Porter stems of normalized words, for matching a term written with another ending ("fractured femur"
 * for "femur fracture", "obstructive" for "obstruction"). natural's stemmer is imported by its own module
 * path: the package root loads database clients and prints to stdout. Stems are cached by word: charts
 * repeat their words, and the stemmer allocates several strings per call.
 */
import porter from 'natural/lib/natural/stemmers/porter_stemmer.js';

const cache = new Map<string, string>();
/** Bounds the cache: a batch of millions of charts must not grow it without end. */
const MAX_CACHED = 200_000;

export function stem(norm: string): string {
  let s = cache.get(norm);
  if (s === undefined) {
    // Numbers and short words (abbreviations) stay as they are.
    s = norm.length < 4 || /\d/.test(norm) ? norm : porter.stem(norm);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(norm, s);
  }
  return s;
}
