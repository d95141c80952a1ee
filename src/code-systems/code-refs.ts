/**
 * Code references written inside Tabular List notes, and whether a code falls under one.
 * A note says "type 1 diabetes mellitus (E10.-)", "hypertensive CKD (I12.-)", "stage of chronic
 * kidney disease (N18.1-N18.6)" or "(E08.42, E09.42)": each parenthesised code, category or range
 * becomes a reference — `E10` (the category and everything below it), `N18.1-N18.6` (a range,
 * compared on as many characters as its ends have), `E08.42` (that code and its children).
 */

const CODE = String.raw`[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?`;
/** A code, category (`E10.-`, `E10-`) or range (`I10-I1A`, `N18.1-N18.6`) as the notes write them. */
const REF = new RegExp(String.raw`\b(${CODE})(?:\.?-(?![A-Z0-9])|\s*-\s*(${CODE})\b)?`, 'g');

/** The references a note names, inside its parentheses only (titles such as "Type 2" hold no codes). */
export function codeRefsOf(note: string): string[] {
  const out: string[] = [];
  for (const group of note.matchAll(/\(([^()]*)\)/g)) {
    for (const m of group[1]!.matchAll(REF)) out.push(m[2] ? `${m[1]}-${m[2]}` : m[1]!);
  }
  return [...new Set(out)];
}

const bare = (code: string) => code.replace('.', '');

/** Whether `code` (dotted or not) falls under the reference `ref`. */
export function refCovers(ref: string, code: string): boolean {
  const c = bare(code);
  const dash = ref.indexOf('-');
  if (dash < 0) return c.startsWith(bare(ref));
  const from = bare(ref.slice(0, dash));
  const to = bare(ref.slice(dash + 1));
  // Compare on each end's own length: N18.30 is within N18.1-N18.6 because N183 is.
  return c.slice(0, from.length) >= from && c.slice(0, to.length) <= to;
}

export function anyRefCovers(refs: readonly string[] | undefined, code: string): boolean {
  return !!refs && refs.some((r) => refCovers(r, code));
}
