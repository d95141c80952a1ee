/**
 * Turns an Alphabetic Index path into the lower-case phrases a chart would use, for the lexicon
 * and for search. The path order is kept ("diabetes type 2 with neuropathy") and, when the first
 * subterm is a modifier rather than a connective, the natural English order is added too
 * ("type 2 diabetes with neuropathy"). Nonessential modifiers are already removed by the parser;
 * NEC/NOS are dropped here because notes never say them.
 * Main terms written as variants ("Diabetes, diabetic") keep the first form; inverted ones
 * ("Fracture, pathological") are turned around ("pathological fracture").
 */

const CONNECTIVE =
  /^(with|without|in|of|due|due to|following|from|by|on|at|to|complicating|complicated|after|during|and|or|as|for|affecting|involving|see|causing|NEC|NOS)\b/i;

function tidy(s: string): string {
  return s
    .replace(/\b(NEC|NOS)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[,;:]$/, '')
    .toLowerCase();
}

/** "Diabetes, diabetic" → "diabetes"; "Fracture, pathological" → "pathological fracture". */
export function mainTermPhrase(title: string): string {
  const parts = title
    .split(/,\s*/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2) return tidy(title);
  const [head, ...rest] = parts;
  const variant = rest.every((p) => p.slice(0, 4).toLowerCase() === head!.slice(0, 4).toLowerCase());
  return tidy(variant ? head! : [...rest.reverse(), head].join(' '));
}

export function indexPhrases(path: readonly string[]): string[] {
  if (path.length === 0) return [];
  const main = mainTermPhrase(path[0]!);
  const subs = path.slice(1).map(tidy).filter(Boolean);
  const out = new Set<string>();
  const inPathOrder = tidy([main, ...subs].join(' '));
  if (inPathOrder) out.add(inPathOrder);
  const first = path[1];
  if (first !== undefined && subs.length > 0 && !CONNECTIVE.test(first.trim())) {
    out.add(tidy([subs[0], main, ...subs.slice(1)].join(' ')));
  }
  return [...out];
}

/** Table cell (drug, neoplasm): the column heading in front of the path, e.g. "malignant primary neoplasm breast". */
export function tablePhrase(path: readonly string[], heading: string): string {
  return tidy(`${heading} ${indexPhrases(path)[0] ?? ''}`);
}

/** Index codes may end with "-" (more characters needed) or a dot: "C94.0-" → "C94.0". */
export function indexCode(raw: string): string {
  return raw
    .trim()
    .replace(/[.-]+$/, '')
    .toUpperCase();
}
