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
  private readonly ids: Partial<Record<TermHit['matchType'], Map<CodeSystemId, Map<string, number>>>> = {};
  private readonly systems: CodeSystemId[] = [];
  private readonly kind: number[] = [];
  private readonly codes: string[] = [];

  /** The hit's number: the same for the same system, code and match type. */
  id(hit: TermHit): number {
    // By match type, system, then code: no key string made per hit.
    const bySystem = (this.ids[hit.matchType] ??= new Map());
    const byCode = bySystem.get(hit.system) ?? bySystem.set(hit.system, new Map()).get(hit.system)!;
    let id = byCode.get(hit.code);
    if (id === undefined) byCode.set(hit.code, (id = this.add(hit)));
    return id;
  }

  /**
   * A new number for a hit no other call names (the lexicon numbers each entry's hit once, for all its terms:
   * 170k lookups fewer). Never mixed with `id` for the same system and code.
   */
  add(hit: TermHit): number {
    let system = this.systems.indexOf(hit.system);
    if (system < 0) system = this.systems.push(hit.system) - 1;
    this.kind.push(system * 2 + MATCH_TYPES.indexOf(hit.matchType));
    return this.codes.push(hit.code) - 1;
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
