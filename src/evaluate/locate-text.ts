/** Where a gold phrase sits in a chart's text: as given when the text there matches, else found by its words (PDF charts). */
export function locate(text: string, e: { start: number; end: number; text: string }): { start: number; end: number } {
  if (text.slice(e.start, e.end) === e.text) return e;
  return findPhrase(text, e.text) ?? { start: 0, end: 0 };
}

/** The first place `phrase` occurs with any whitespace between its words, or undefined. */
export function findPhrase(
  text: string,
  phrase: string,
  ignoreCase = false,
): { start: number; end: number } | undefined {
  const words = phrase
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const m = words.length ? new RegExp(words.join('\\s+'), ignoreCase ? 'i' : '').exec(text) : null;
  return m ? { start: m.index, end: m.index + m[0].length } : undefined;
}
