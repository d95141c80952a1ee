/**
 * Excludes1 pairs (Official Guidelines I.A.12.a): two codes that the Tabular List says are never
 * reported together. One of the pair gives way when the documentation says which:
 *  - from two phrases: the one standing for less documentation — a sign or symptom (chapter 18) before
 *    anything else, then one flagged for a provider query, then an unspecified code — provided the
 *    other is well documented (at worst unspecified): "diarrhea" gives way to "gastroenteritis";
 *  - from one phrase read two ways: the shorter reading inside the longer ("incontinence" inside
 *    "urge incontinence").
 * The code giving way is folded into the other (its evidence kept, its flags not) or, when its category
 * was a default (it carries a provider query) and the other is of a parallel category
 * (`parallelCategories` in guidelines.json: the diabetes types E08–E13 share their subdivisions),
 * re-coded in the other's category, so "DKA" defaulted to E11.10 on a chart whose
 * diabetes is stated as type 1 becomes E10.10. Otherwise both stay, flagged
 * `excludes1_conflict:<the other code>`: the exception (two unrelated conditions) is a coder's call.
 * Pairs listed in `excludes1Exceptions` are never conflicts (a note the guidelines have since changed).
 * Example: E11.9 "type 2 diabetes" and E10.9 "type 1 diabetes" on one chart → both flagged.
 */
import type { CodeSuggestion, Evidence } from '../contract/chart-record.js';
import { anyRefCovers } from '../code-systems/code-refs.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import { tabularOf } from '../code-systems/tabular-of.js';
import type { GuidelineRules } from './guideline-rules.js';
import { absorb, mergeDuplicates } from './merge-codes.js';
import { isQueryProvider, withoutQueryProvider } from '../contract/flag-reasons.js';

/** "Unspecified asthma", "…, unspecified" — not "…, or unspecified chronic kidney disease" (a range that includes it). */
const UNSPECIFIED_TITLE = /(^unspecified\b|,\s*unspecified\b|\bnot specified\b|\bNOS\b)/i;

/**
 * 3: sign or symptom; 2: a detail the note did not state (a provider query); 1: an unspecified code; 0: specific.
 * An uncertain diagnosis kept inpatient is coded as if established (II.H): its uncertainty is no weakness here.
 */
function weakness(c: CodeSuggestion): number {
  if (c.code.startsWith('R')) return 3;
  if (c.flags.some(isQueryProvider)) return 2;
  return UNSPECIFIED_TITLE.test(c.title) ? 1 : 0;
}

const overlaps = (x: Evidence, y: Evidence) => x.range.start < y.range.end && y.range.start < x.range.end;
const inside = (x: Evidence, y: Evidence) =>
  y.range.start <= x.range.start &&
  x.range.end <= y.range.end &&
  y.range.end - y.range.start > x.range.end - x.range.start;

/** The code of the pair that gives way, or undefined when a coder must decide. */
function loser(a: CodeSuggestion, b: CodeSuggestion): CodeSuggestion | undefined {
  if (a.evidence.some((x) => b.evidence.some((y) => overlaps(x, y)))) {
    if (a.evidence.every((x) => b.evidence.some((y) => inside(x, y)))) return a;
    if (b.evidence.every((y) => a.evidence.some((x) => inside(y, x)))) return b;
    return undefined;
  }
  const [wa, wb] = [weakness(a), weakness(b)];
  // Two codes equally documented (two signs: "dyspnea" and "tachypnea") are both findings: a coder decides.
  if (wa === wb || Math.min(wa, wb) > 1) return undefined;
  return wa > wb ? a : b;
}

export function resolveExcludes1(
  codes: CodeSuggestion[],
  codeSets: CodeSetRegistry,
  rules: Pick<GuidelineRules, 'parallelCategories' | 'excludes1Exceptions'>,
): CodeSuggestion[] {
  if (!codeSets.has('icd10cm')) return codes;
  const cm = codeSets.get('icd10cm');
  const excepted = (a: string, b: string) =>
    rules.excludes1Exceptions.some((x) => x.codes.includes(a) && x.codes.includes(b));
  const excludes = (a: CodeSuggestion, b: CodeSuggestion) =>
    !excepted(a.code, b.code) && anyRefCovers(tabularOf(cm, a.code)?.excludes1, b.code);
  const dx = codes.filter((c) => c.system === 'icd10cm');
  const dropped = new Set<CodeSuggestion>();
  for (const [i, a] of dx.entries()) {
    for (const b of dx.slice(i + 1)) {
      if (dropped.has(a) || dropped.has(b) || !(excludes(a, b) || excludes(b, a))) continue;
      const give = loser(a, b);
      if (!give) {
        addFlag(a, `excludes1_conflict:${b.code}`);
        addFlag(b, `excludes1_conflict:${a.code}`);
        continue;
      }
      const keep = give === a ? b : a;
      // Only a code whose detail went unstated (a provider query) is re-coded: its category was a default.
      const gap = give.flags.some(isQueryProvider);
      const recoded = gap ? inCategoryOf(give.code, keep.code, rules.parallelCategories) : undefined;
      const title = recoded ? cm.lookup(recoded)?.title : undefined;
      if (recoded && title) {
        Object.assign(give, { code: recoded, title, flags: withoutQueryProvider(give.flags), alternatives: [] });
      } else {
        // Its evidence supports the code kept; its own flags were about itself, and a sign does not make
        // an uncertain diagnosis certain: the kept code's qualifiers are handed back so they stay.
        absorb(keep, { ...give, flags: keep.flags.filter((f) => f === 'uncertain_dx' || f === 'history_of') });
        dropped.add(give);
      }
    }
  }
  const kept = mergeDuplicates(codes.filter((c) => !dropped.has(c)));
  // A conflict with a code that later gave way to a third one is settled.
  const present = new Set(kept.map((c) => c.code));
  for (const c of kept)
    c.flags = c.flags.filter(
      (f) => !f.startsWith('excludes1_conflict:') || present.has(f.slice('excludes1_conflict:'.length)),
    );
  return kept;
}

function addFlag(c: CodeSuggestion, flag: string): void {
  if (!c.flags.includes(flag)) c.flags.push(flag);
}

/** E11.10 in the category of E10.9 → E10.10, when E10 and E11 are parallel categories. */
function inCategoryOf(code: string, other: string, parallel: GuidelineRules['parallelCategories']): string | undefined {
  const [cat, otherCat] = [code.slice(0, 3), other.slice(0, 3)];
  if (cat === otherCat || !parallel.some((p) => p.includes(cat) && p.includes(otherCat))) return undefined;
  return `${otherCat}${code.slice(3)}`;
}
