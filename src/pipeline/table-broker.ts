/**
 * Shared tables between the chart worker threads, as the pool's (batch) thread brokers them: the first thread
 * to ask for a key builds the tables and offers them here, threads asking meanwhile wait for them, and later
 * ones get them at once. A message hands over typed arrays on SharedArrayBuffers without copying them, so
 * every thread reads the same memory (contract/shared-tables.ts). A builder that fails or dies hands the build
 * to the next thread waiting, which meets the same error itself if there is one.
 */
import type { Worker } from 'node:worker_threads';

/** Worker → pool. */
export type TableAsk =
  | { tables: 'get'; ask: number; key: string }
  | { tables: 'put'; key: string; value: unknown }
  | { tables: 'failed'; key: string };

/** Pool → worker: the tables asked for, or no value: build them and offer them. */
export interface TableAnswer {
  tablesFor: number;
  value?: unknown;
}

export const isTableAsk = (m: unknown): m is TableAsk => typeof m === 'object' && m !== null && 'tables' in m;

/**
 * Keys kept: a queue worker's threads keep up to MAX_SETS sets (warm-sets.ts), each with one or two releases;
 * tables dropped here stay alive while a thread uses them, and are built again if asked for after.
 */
const KEEP = 6;

interface Waiter {
  worker: Worker;
  ask: number;
}

export class TableBroker {
  private readonly ready = new Map<string, unknown>();
  private readonly building = new Map<string, { builder: Worker; waiting: Waiter[] }>();
  /** Tables built by a thread, and handed to a thread that did not build them. */
  built = 0;
  shared = 0;

  onAsk(worker: Worker, m: TableAsk): void {
    if (m.tables === 'put') return this.offered(m.key, m.value);
    if (m.tables === 'failed') return this.handOver(m.key);
    const value = this.ready.get(m.key);
    if (value !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.ready.delete(m.key);
      this.ready.set(m.key, value);
      return this.answer({ worker, ask: m.ask }, value);
    }
    const build = this.building.get(m.key);
    if (build) build.waiting.push({ worker, ask: m.ask });
    else {
      this.building.set(m.key, { builder: worker, waiting: [] });
      worker.postMessage({ tablesFor: m.ask } satisfies TableAnswer);
    }
  }

  /** A worker thread ended: it waits for nothing any more, and what it was building goes to the next in line. */
  gone(worker: Worker): void {
    for (const [key, build] of [...this.building]) {
      build.waiting = build.waiting.filter((w) => w.worker !== worker);
      if (build.builder === worker) this.handOver(key);
    }
  }

  private offered(key: string, value: unknown): void {
    const build = this.building.get(key);
    this.building.delete(key);
    this.built++;
    this.ready.set(key, value);
    if (this.ready.size > KEEP) this.ready.delete(this.ready.keys().next().value!);
    for (const w of build?.waiting ?? []) this.answer(w, value);
  }

  private handOver(key: string): void {
    const build = this.building.get(key);
    this.building.delete(key);
    const [next, ...rest] = build?.waiting ?? [];
    if (!next) return;
    this.building.set(key, { builder: next.worker, waiting: rest });
    next.worker.postMessage({ tablesFor: next.ask } satisfies TableAnswer);
  }

  private answer(w: Waiter, value: unknown): void {
    this.shared++;
    w.worker.postMessage({ tablesFor: w.ask, value } satisfies TableAnswer);
  }
}
