/**
 * A chart with no line ends and no full stops (dictation run together, a table flattened to one line):
 * units are capped, and such a chart is coded whole, its mentions in proportion to its length.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCodeSets } from '../../src/code-systems/registry.js';
import { MAX_UNIT } from '../../src/text/cap-units.js';
import { segment } from '../../src/text/segment.js';
import { packageRoot } from '../../src/contract/paths.js';
import { codeText, stagesFor } from '../support/pipeline.js';

const fixtureText = () => {
  const dir = path.join(packageRoot, 'fixtures', 'charts');
  return readdirSync(dir)
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join(' ');
};

/**
 * Fixture chart text as one line, repeated to `chars`: without sentence punctuation (one endless
 * sentence), or with it (a dictation run together, its headers inline: many sections on one line).
 */
function oneLine(chars: number, punctuation = false): string {
  const base = punctuation ? fixtureText().replace(/\s+/g, ' ') : fixtureText().replace(/[.!?:;\s]+/g, ' ');
  return base.repeat(Math.ceil(chars / base.length)).slice(0, chars);
}

describe('long units', () => {
  it('caps a unit without punctuation at MAX_UNIT characters, cut at whitespace, offsets exact', () => {
    const text = oneLine(60_000);
    const units = segment(text);
    expect(units.length).toBeGreaterThanOrEqual(Math.ceil(text.length / MAX_UNIT));
    for (const [i, u] of units.entries()) {
      expect(u.end - u.start).toBeLessThanOrEqual(MAX_UNIT);
      expect(text[u.start]).toMatch(/\S/);
      expect(text[u.end - 1]).toMatch(/\S/);
      // Nothing lost between pieces but the whitespace cut at.
      if (i > 0) expect(text.slice(units[i - 1]!.end, u.start)).toMatch(/^\s+$/);
    }
    expect(units[0]!.start).toBe(0);
    expect(units.at(-1)!.end).toBe(text.trimEnd().length);
  });

  it('cuts a line with no whitespace at all without losing characters', () => {
    const text = 'x'.repeat(5000) + '\u{1F600}'.repeat(2000);
    const units = segment(text);
    expect(units.map((u) => text.slice(u.start, u.end)).join('')).toBe(text);
    for (const u of units) expect(u.end - u.start).toBeLessThanOrEqual(MAX_UNIT);
    // No unit starts or ends inside a surrogate pair.
    const lowSurrogate = (at: number) => text.charCodeAt(at) >= 0xdc00 && text.charCodeAt(at) <= 0xdfff;
    for (const u of units) expect(lowSurrogate(u.start) || lowSurrogate(u.end)).toBe(false);
  });

  it.each([
    ['without punctuation', false],
    ['with sentences and inline headers', true],
  ])(
    'codes a 1 MB single-line chart %s, finding four times the mentions of a quarter of it',
    async (_label, punctuation) => {
      // The time it takes (linear in the length) is measured by `npm run bench` (src/bench/long-line-bench.ts).
      const stages = await stagesFor(loadCodeSets(['icd10cm', 'cpt', 'hcpcs']));
      const run = async (chars: number) => {
        const r = await codeText(oneLine(chars, punctuation), { stages });
        expect(r.issues.filter((i) => i.severity === 'fatal')).toEqual([]);
        if (punctuation) expect(r.sections.length).toBeGreaterThan(chars / 5000); // headers found inline
        return r.mentions.length;
      };
      const small = await run(256 * 1024);
      const large = await run(1024 * 1024);
      expect(large / small).toBeGreaterThan(3.5);
      expect(large / small).toBeLessThan(4.5);
    },
    120_000,
  );
});
