/**
 * Clauses within a unit, for the flexible matcher: its words must stand in one clause, so a list
 * ("DM2, neuropathy, HTN") or a parenthesis never joins the words of one term.
 */
import type { Token } from '../contract/chart-record.js';

/**
 * Clause number of each token: a new clause after punctuation that separates list items or clauses.
 * A short last clause after a comma stays with the one before it: "Primary osteoarthritis, right knee"
 * and "Cellulitis, left lower leg" name one condition; "DM2, neuropathy, HTN" is still three items.
 */
export function clausesOf(text: string, tokens: Token[]): number[] {
  // A plain array: typed arrays cost more to allocate than this small per-unit list is worth.
  const out: number[] = new Array<number>(tokens.length).fill(0);
  let n = 0;
  let lastStart = 0;
  let lastByComma = false;
  for (let i = 1; i < tokens.length; i++) {
    for (let k = tokens[i - 1]!.end; k < tokens[i]!.start; k++) {
      const c = text.charCodeAt(k);
      // , ; : ( ) [ ] . ! ?
      if (
        c === 44 ||
        c === 59 ||
        c === 58 ||
        c === 40 ||
        c === 41 ||
        c === 91 ||
        c === 93 ||
        c === 46 ||
        c === 33 ||
        c === 63
      ) {
        n++;
        lastStart = i;
        lastByComma = c === 44 && onlySpaceOrComma(text, tokens[i - 1]!.end, tokens[i]!.start);
        break;
      }
    }
    out[i] = n;
  }
  if (lastByComma && tokens.length - lastStart <= SHORT_TAIL && lastStart >= 2) out.fill(n - 1, lastStart);
  return out;
}

/** Tokens in a last clause that may still belong to the one before it. */
const SHORT_TAIL = 3;

function onlySpaceOrComma(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c !== 44 && c !== 32 && c !== 9) return false;
  }
  return true;
}
