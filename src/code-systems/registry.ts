/**
 * The code systems in force for a run, one per system id. Today they come from the embedded
 * starter set; imported official releases plug in here.
 */
import type { CodeSystemId } from '../chart-record.js';
import { ChartcoderError } from '../errors.js';
import type { CodeSystem } from './code-system.js';
import { loadStarterCodeSystem } from './starter.js';

export interface CodeSetRegistry {
  systems: CodeSystemId[];
  get(id: CodeSystemId): CodeSystem;
  has(id: CodeSystemId): boolean;
  /** `{icd10cm: 'starter-fy2026', …}` for the manifest. */
  versions(): Record<string, string>;
}

export function registryOf(systems: CodeSystem[]): CodeSetRegistry {
  const byId = new Map(systems.map((s) => [s.id, s]));
  return {
    systems: [...byId.keys()],
    has: (id) => byId.has(id),
    get(id) {
      const s = byId.get(id);
      if (!s) throw new ChartcoderError('CODESET_NOT_FOUND', `code system ${id} is not loaded`);
      return s;
    },
    versions: () => Object.fromEntries([...byId.values()].map((s) => [s.id, s.version])),
  };
}

export function loadCodeSets(ids: CodeSystemId[]): CodeSetRegistry {
  return registryOf(ids.map((id) => loadStarterCodeSystem(id)));
}
