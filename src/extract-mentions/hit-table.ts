/**
 * The codes the lexicon's terms point at, numbered: the tries and the flexible index hold hit numbers in typed
 * arrays (shareable between threads, see contract/shared-tables.ts), and each thread turns a number back into
 * its TermHit the first time a match needs it.
 */
import type { CodeSystemId } from '../contract/chart-record.js';
import { readStrings, sharedUint8, stringTable, type StringTable } from '../contract/shared-tables.js';
import type { TermHit } from './term-hit.js';

const MATCH_TYPES: TermHit['matchType'][] = ['exact', 'abbreviation'];

export interface HitTables {
  /** The code systems named, in order of first use. */
  systems: CodeSystemId[];
  /** Per hit: its system's index × 2 + its match type (0 exact, 1 abbreviation). */
  kind: Uint8Array;
  codes: StringTable;
}

export class HitsBuilder {
  private readonly ids = new Map<string, number>();
  private readonly systems: CodeSystemId[] = [];
  private readonly kind: number[] = [];
  private readonly codes: string[] = [];

  /** The hit's number (the same for the same system, code and match type). */
  id(hit: TermHit): number {
    const key = `${hit.system}\u0000${hit.code}\u0000${hit.matchType}`;
    let id = this.ids.get(key);
    if (id !== undefined) return id;
    let system = this.systems.indexOf(hit.system);
    if (system < 0) system = this.systems.push(hit.system) - 1;
    id = this.codes.length;
    this.kind.push(system * 2 + MATCH_TYPES.indexOf(hit.matchType));
    this.codes.push(hit.code);
    this.ids.set(key, id);
    return id;
  }

  freeze(): HitTables {
    return { systems: [...this.systems], kind: sharedUint8(this.kind), codes: stringTable(this.codes) };
  }
}

/** A thread's view of the hits: TermHit objects made once each, on first use. */
export class HitList {
  private readonly made: (TermHit | undefined)[];
  private codes: string[] | undefined;

  constructor(private readonly tables: HitTables) {
    this.made = new Array<TermHit | undefined>(tables.kind.length);
  }

  hit(id: number): TermHit {
    return (this.made[id] ??= this.make(id));
  }

  /** The hits numbered in `ids[from, to)`, as a new list. */
  list(ids: Int32Array, from: number, to: number): TermHit[] {
    const out = new Array<TermHit>(to - from);
    for (let k = from; k < to; k++) out[k - from] = this.hit(ids[k]!);
    return out;
  }

  private make(id: number): TermHit {
    const kind = this.tables.kind[id]!;
    // The codes are decoded together at the first hit: one pass, instead of a Buffer view per code.
    this.codes ??= readStrings(this.tables.codes);
    return { system: this.tables.systems[kind >> 1]!, code: this.codes[id]!, matchType: MATCH_TYPES[kind & 1]! };
  }
}
