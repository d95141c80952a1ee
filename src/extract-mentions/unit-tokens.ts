/**
 * The tokens extract-mentions made of each unit that holds a mention, handed on to classify-assertion.
 * ConText reads the same units, and tokenizing them a second time was a tenth of the chart stages' time.
 * Kept per record (a WeakMap: a record that is dropped takes its tokens with it) and by the unit's start;
 * a reader gets tokens only for exactly the same range of the same record, else it tokenizes itself, so a
 * record built by hand (tests, `explain`) or a unit changed in between is read as before.
 */
import type { TextRange } from '../chart-record.js';
import type { Token } from './tokenize.js';

/** Unit start → the unit's end and its tokens. */
export type UnitTokens = Map<number, { end: number; tokens: Token[] }>;

const byRecord = new WeakMap<object, UnitTokens>();

export function shareUnitTokens(record: object, units: UnitTokens): void {
  byRecord.set(record, units);
}

/** The tokens of `unit` in `record`, when extract-mentions left them. */
export function sharedUnitTokens(record: object, unit: TextRange): Token[] | undefined {
  const u = byRecord.get(record)?.get(unit.start);
  return u && u.end === unit.end ? u.tokens : undefined;
}

/** Once read: the tokens are not needed after classify-assertion. */
export function dropUnitTokens(record: object): void {
  byRecord.delete(record);
}
