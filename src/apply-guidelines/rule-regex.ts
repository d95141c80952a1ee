/**
 * The case-insensitive regexes that guideline rules write as strings (`statedBy`, combination `text`),
 * made once per pattern instead of once per rule per chart (and per code, for recodes). Safe to share:
 * without the g or y flag `test` keeps no state. The patterns are those of the rules file: a bounded set.
 */
const COMPILED = new Map<string, RegExp>();

export function ruleRegex(source: string): RegExp {
  let re = COMPILED.get(source);
  if (!re) COMPILED.set(source, (re = new RegExp(source, 'i')));
  return re;
}
