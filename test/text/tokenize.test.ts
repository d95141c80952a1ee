import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeWord, tokenize } from '../../src/text/tokenize.js';

/** The token pattern tokenize's character scan stands for. */
const WORD = /(?:[A-Za-z]\.){2,}(?![A-Za-z0-9])|[A-Za-z0-9\u00c0-\u024f]+/g;

function byRegex(text: string, from = 0, to = text.length): { raw: string; start: number; end: number }[] {
  const out: { raw: string; start: number; end: number }[] = [];
  WORD.lastIndex = from;
  for (let m = WORD.exec(text); m && m.index < to; m = WORD.exec(text)) {
    const end = Math.min(m.index + m[0].length, to);
    out.push({ raw: text.slice(m.index, end), start: m.index, end });
  }
  return out;
}

const plain = (text: string, from?: number, to?: number) =>
  tokenize(text, from, to, false).map(({ raw, start, end }) => ({ raw, start, end }));

describe('tokenize', () => {
  it('finds what the token pattern finds', () => {
    const cases = [
      'Pt is a 65 y.o. male, b.i.d. p.r.n. s/p A-fib, N/V/D.',
      'a.b.c a.b.1 a.b.é a.b. x.y.z. e.g.word i.e. U.S.A 1.2.3 a.. .a.b.',
      'café naïve Ωmega 😀 straße, ÀÉÎ ɏend',
      'T2DM w/ CKD-3b; HbA1c 7.2%',
      '',
      '...',
    ];
    for (const t of cases) expect(plain(t)).toEqual(byRegex(t));
  });

  it('agrees with the pattern inside a range, a token cut at its end included', () => {
    const t = 'He takes it b.i.d. with meals and q.h.s. at night.';
    for (let from = 0; from < t.length; from += 3)
      for (let to = from; to <= t.length; to += 5) expect(plain(t, from, to)).toEqual(byRegex(t, from, to));
  });

  it('agrees with the pattern on every fixture chart', () => {
    const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'charts');
    for (const f of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, f), 'latin1');
      expect(plain(text)).toEqual(byRegex(text));
    }
  });

  it('normalizes each word the same on every call', () => {
    for (const w of ['Stones', 'stones', 'II', 'abscess', 'mets', 'Diabetes', 'b.i.d.', 'Kidneys', 'Stones']) {
      expect(normalizeWord(w)).toBe(normalizeWord(w));
    }
    expect(normalizeWord('Stones')).toBe('stone');
    expect(normalizeWord('Injuries')).toBe('injury');
    expect(normalizeWord('II')).toBe('2');
    expect(normalizeWord('b.i.d.')).toBe('bid');
  });
});

describe('tokenize over one unit of a chart that is one endless word', () => {
  it('reads the unit and a few characters past it, not the rest of the chart (linear, not quadratic, in a long line)', () => {
    const text = 'a'.repeat(1_000_000);
    let reads = 0;
    const counting = {
      length: text.length,
      charCodeAt: (i: number) => (reads++, text.charCodeAt(i)),
      slice: (a: number, b: number) => text.slice(a, b),
    };
    const tokens = tokenize(counting as unknown as string, 5_000, 6_000);
    expect(tokens.map((t) => [t.start, t.end])).toEqual([[5_000, 6_000]]);
    expect(reads).toBeLessThan(1_100);
  });
});
