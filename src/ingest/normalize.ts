/**
 * One normal form for chart text, so offsets mean the same thing for every source:
 * LF line ends, no NUL or other control characters, non-breaking and odd spaces as plain spaces,
 * and Unicode NFC. Every later offset is into this string.
 */
export function normalizeText(raw: string): string {
  return (
    raw
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
      .replace(/\u200b|\u200c|\u200d|\u2060|\ufeff/g, '') // one by one: a class would read ZWJ as joining its neighbours
      // eslint-disable-next-line no-control-regex -- control characters are exactly what this replaces
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
      .replace(/\u2028|\u2029/g, '\n')
  );
}
