/**
 * A code whose category needs a 7th character (injuries, poisonings, some musculoskeletal codes) is
 * never reported without one: a code chosen short of it is filled with X placeholders to six
 * characters and given the 7th character of the episode of care the note states (A initial / active
 * treatment, D subsequent, S sequela; I.C.19.a). When the note states no episode, A is used and the
 * code is flagged `missing_7th_char`; when the completed code is not in the code set, the short code
 * stays, flagged. The valid characters come from the Tabular List (code-systems/tabular-of.ts).
 * Example: S93.40 + "subsequent encounter" → S93.40XD; T38.0X5 without an episode → T38.0X5A, flagged.
 */
import type { MentionAttributes } from '../contract/chart-record.js';
import type { CodeSystem } from '../contract/code-sets.js';
import { tabularOf } from '../code-systems/tabular-of.js';

const EPISODE_CHAR: Record<NonNullable<MentionAttributes['episode']>, string> = {
  initial: 'A',
  subsequent: 'D',
  sequela: 'S',
};

/** A 7th character that says the episode of care (A/D/S …: injuries, poisonings), not laterality or a fetus (E11.329-, O36.-). */
export const isEpisodeSeventh = (chars: string | undefined): boolean =>
  !!chars && ['A', 'D', 'S'].every((c) => chars.includes(c));

export function completeSeventh(
  code: string,
  cm: CodeSystem,
  episode: MentionAttributes['episode'],
): { code: string; missing?: true } {
  const seventh = tabularOf(cm, code)?.seventh;
  const bare = code.replace('.', '');
  if (!seventh || bare.length >= 7) return { code };
  const wanted = episode && isEpisodeSeventh(seventh) ? EPISODE_CHAR[episode] : undefined;
  const char = wanted && seventh.includes(wanted) ? wanted : seventh.includes('A') ? 'A' : seventh[0]!;
  const full = `${bare.padEnd(6, 'X')}${char}`;
  const dotted = `${full.slice(0, 3)}.${full.slice(3)}`;
  if (!cm.lookup(dotted)) return { code, missing: true };
  return char === wanted ? { code: dotted } : { code: dotted, missing: true };
}
