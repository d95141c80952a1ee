/**
 * Read-only tables built once and read by every worker thread: typed arrays on SharedArrayBuffers, which a
 * message between threads hands over without a copy. A stage whose setup builds a large table (the lexicon of
 * the official code sets: seconds of CPU and ~100 MB per thread) asks `ctx.shared` for it: the first thread to
 * ask builds it and offers it, the others attach to the same memory. Per-thread scratch (marks, caches) stays
 * out of these tables. Without `ctx.shared` (one thread, `explain`, tests) the stage builds the same tables itself.
 */

export interface SharedTables {
  /**
   * The tables under `key` (unique within the set of code-set releases and pipeline the stage runs with): those
   * another thread built, or else `build()`'s, offered to the other threads. What `build` returns must survive a
   * structured clone: typed arrays on SharedArrayBuffers (see `sharedInt32`), numbers, strings, small arrays.
   */
  get<T>(key: string, build: () => T): Promise<T>;
}

/** Strings as one UTF-8 buffer and the end offset of each. */
export interface StringTable {
  bytes: Uint8Array;
  ends: Int32Array;
}

export function sharedInt32(values: ArrayLike<number>): Int32Array {
  const out = new Int32Array(new SharedArrayBuffer(values.length * Int32Array.BYTES_PER_ELEMENT));
  out.set(values);
  return out;
}

export function sharedUint8(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(values.length));
  out.set(values);
  return out;
}

export function stringTable(strings: readonly string[]): StringTable {
  const parts = strings.map((s) => Buffer.from(s, 'utf8'));
  const ends = new Int32Array(new SharedArrayBuffer(strings.length * Int32Array.BYTES_PER_ELEMENT));
  let at = 0;
  parts.forEach((p, i) => (ends[i] = at += p.length));
  const bytes = new Uint8Array(new SharedArrayBuffer(at));
  at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, ends };
}

/** Every string of the table, decoded (one pass; each thread keeps its own strings). */
export function readStrings(table: StringTable): string[] {
  const buf = Buffer.from(table.bytes.buffer, table.bytes.byteOffset, table.bytes.length);
  const out = new Array<string>(table.ends.length);
  let from = 0;
  for (let i = 0; i < table.ends.length; i++) {
    const to = table.ends[i]!;
    out[i] = buf.toString('utf8', from, to);
    from = to;
  }
  return out;
}
