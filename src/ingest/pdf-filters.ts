/**
 * The PDF stream filters other than Flate, as far as measuring a stream needs them: ASCIIHex and ASCII85 decoded
 * (they shrink data, and a Flate filter may follow them), LZW and RunLength only counted (they can expand data a
 * thousandfold and are rare enough in charts that nothing follows them).
 */

export function decodeAsciiHex(data: Buffer): Buffer {
  const hex = data
    .toString('latin1')
    .split('>')[0]!
    .replace(/[^0-9A-Fa-f]/g, '');
  return Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
}

export function decodeAscii85(data: Buffer): Buffer {
  const text = data.toString('latin1').split('~>')[0]!.replace(/\s+/g, '');
  const out: number[] = [];
  let group: number[] = [];
  const flush = (n: number) => {
    let v = 0;
    for (let i = 0; i < 5; i++) v = v * 85 + (group[i] ?? 84);
    for (let i = 0; i < n - 1; i++) out.push((v >>> (24 - 8 * i)) & 0xff);
    group = [];
  };
  for (const ch of text) {
    if (ch === 'z' && group.length === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    const c = ch.charCodeAt(0) - 33;
    if (c < 0 || c > 84) continue;
    group.push(c);
    if (group.length === 5) flush(5);
  }
  if (group.length > 1) flush(group.length);
  return Buffer.from(out);
}

/** Bytes an LZW stream (PDF's variant: 9-12 bit codes, early change) decodes to, counted up to just past `budget`. */
export function lzwDecodedLength(data: Buffer, budget: number): number {
  const lengths: number[] = []; // length of each table entry's string
  const reset = () => {
    lengths.length = 0;
    for (let i = 0; i < 258; i++) lengths.push(1);
  };
  reset();
  let bits = 9;
  let acc = 0;
  let held = 0;
  let prev = -1;
  let total = 0;
  for (const byte of data) {
    acc = ((acc << 8) | byte) >>> 0;
    held += 8;
    while (held >= bits) {
      held -= bits;
      const code = (acc >>> held) & ((1 << bits) - 1);
      if (code === 256) {
        reset();
        bits = 9;
        prev = -1;
        continue;
      }
      if (code === 257) return total;
      const len = code < lengths.length ? lengths[code]! : prev >= 0 ? lengths[prev]! + 1 : 1;
      total += len;
      if (total > budget) return total;
      if (prev >= 0 && lengths.length < 4096) lengths.push(lengths[prev]! + 1);
      prev = code;
      if (lengths.length + 1 >= 1 << bits && bits < 12) bits++;
    }
  }
  return total;
}

/** Bytes a RunLength stream decodes to (a length byte, then that many literal bytes or one byte repeated). */
export function runLengthDecodedLength(data: Buffer): number {
  let total = 0;
  for (let i = 0; i < data.length;) {
    const n = data[i]!;
    if (n === 128) break;
    if (n < 128) {
      total += n + 1;
      i += n + 2;
    } else {
      total += 257 - n;
      i += 2;
    }
  }
  return total;
}
