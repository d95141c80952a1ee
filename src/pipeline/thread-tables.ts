/**
 * A chart worker thread's side of the shared tables (table-broker.ts): ask the pool's thread for a key, attach
 * to what it hands over, or build the tables and offer them when this thread is the first to need them. And
 * `scopedTables`, which names a key by what it was built from (the set, the code-set releases).
 */
import { parentPort } from 'node:worker_threads';
import type { SharedTables } from '../contract/shared-tables.js';
import type { TableAnswer, TableAsk } from './table-broker.js';

export function threadTables(): SharedTables {
  const port = parentPort!;
  const asks = new Map<number, (value: unknown) => void>();
  let next = 0;
  port.on('message', (m: unknown) => {
    if (typeof m !== 'object' || m === null || !('tablesFor' in m)) return;
    const answer = m as TableAnswer;
    asks.get(answer.tablesFor)?.(answer.value);
    asks.delete(answer.tablesFor);
  });
  const post = (m: TableAsk) => port.postMessage(m);
  return {
    async get<T>(key: string, build: () => T): Promise<T> {
      const ask = ++next;
      const value = await new Promise((resolve) => {
        asks.set(ask, resolve);
        post({ tables: 'get', ask, key });
      });
      if (value !== undefined) return value as T;
      let built: T;
      try {
        built = build();
      } catch (e) {
        post({ tables: 'failed', key });
        throw e;
      }
      post({ tables: 'put', key, value: built });
      return built;
    },
  };
}

/** The same tables, their keys prefixed with what they were built from. */
export function scopedTables(shared: SharedTables, scope: string): SharedTables {
  return { get: (key, build) => shared.get(`${scope}\n${key}`, build) };
}
