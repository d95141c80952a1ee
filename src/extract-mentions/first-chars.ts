/**
 * A test a word must pass before it is looked up in a table whose keys are words as written: does any key
 * start with the word's first character? Curated abbreviations start with capitals ("CHF", "PE"), and
 * most chart words start lower case, so this character test saves most of a Map lookup per token.
 */
export type MayStart = (word: string) => boolean;

export function firstCharsOf(keys: Iterable<string>): MayStart {
  const ascii = new Uint8Array(128);
  let other = false; // a key starting beyond ASCII: such words are always looked up
  for (const k of keys) {
    const c = k.charCodeAt(0);
    if (c < 128) ascii[c] = 1;
    else other = true;
  }
  return (word) => {
    const c = word.charCodeAt(0);
    return c < 128 ? ascii[c] === 1 : other;
  };
}
