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

/**
 * A reference read once: `from` alone is a prefix (a code, a category), with `to` a range compared on each
 * end's own length. Guideline passes test every code of a chart against every reference of every rule and
 * note, several times per chart; splitting and un-dotting the same few thousand strings each time was the
 * largest cost in apply-guidelines. The set of references is that of the rules and the code set: bounded.
 */
interface ParsedRef {
  from: string;
  to?: string;
}

const PARSED = new Map<string, ParsedRef>();
/** Un-dotted codes, by code as given: charts name a bounded set of codes over and over. */
const BARE = new Map<string, string>();
const MAX_CACHED = 100_000;

function parsed(ref: string): ParsedRef {
  let p = PARSED.get(ref);
  if (!p) {
    const dash = ref.indexOf('-');
    p = dash < 0 ? { from: bare(ref) } : { from: bare(ref.slice(0, dash)), to: bare(ref.slice(dash + 1)) };
    if (PARSED.size >= MAX_CACHED) PARSED.clear();
    PARSED.set(ref, p);
  }
  return p;
}

function bareOf(code: string): string {
  let b = BARE.get(code);
  if (b === undefined) {
    if (BARE.size >= MAX_CACHED) BARE.clear();
    BARE.set(code, (b = bare(code)));
  }
  return b;
}

/**
 * `c.slice(0, end.length)` compared with `end` (−1, 0, 1) as strings compare, without the slice: a
 * code shorter than `end` is its prefix or differs earlier.
 */
function comparePrefix(c: string, end: string): number {
  for (let i = 0; i < end.length; i++) {
    if (i >= c.length) return -1;
    const d = c.charCodeAt(i) - end.charCodeAt(i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Whether the un-dotted code `c` falls under the parsed reference `r`. */
function covers(r: ParsedRef, c: string): boolean {
  if (r.to === undefined) return c.startsWith(r.from);
  // Compare on each end's own length: N18.30 is within N18.1-N18.6 because N183 is.
  return comparePrefix(c, r.from) >= 0 && comparePrefix(c, r.to) <= 0;
}

/** Whether `code` (dotted or not) falls under the reference `ref`. */
export function refCovers(ref: string, code: string): boolean {
  return covers(parsed(ref), bareOf(code));
}

export function anyRefCovers(refs: readonly string[] | undefined, code: string): boolean {
  if (!refs || refs.length === 0) return false;
  const c = bareOf(code);
  for (const r of refs) if (covers(parsed(r), c)) return true;
  return false;
}
