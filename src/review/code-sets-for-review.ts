/**
 * The code set in force for a chart, for the page's code search and for checking a changed or added code:
 * the batch's code-set store (manifest.json) and the chart's date of service, as `run` chose them; the
 * embedded starter set when the batch used none. Loaded once per system and release.
 */
import type { CodeSystemId } from '../contract/chart-record.js';
import { canonicalCode } from '../code-systems/code-system.js';
import type { CodeSystem } from '../contract/code-sets.js';
import { loadCodeSystem } from '../code-systems/registry.js';
import { searchCodes, type SearchHit } from '../code-systems/search.js';
import { loadStarterCodeSystem } from '../code-systems/starter.js';
import type { ChartEntry } from './batch-index.js';

export const REVIEW_SYSTEMS: CodeSystemId[] = ['icd10cm', 'icd10pcs', 'cpt', 'hcpcs'];

export class ReviewCodeSets {
  private readonly loaded = new Map<string, CodeSystem>();

  constructor(private readonly store?: string) {}

  systemFor(chart: Pick<ChartEntry, 'dateOfService'>, id: CodeSystemId): CodeSystem {
    const date = this.store && chart.dateOfService ? chart.dateOfService : '';
    const key = `${id}@${date}`;
    let system = this.loaded.get(key);
    if (!system) {
      system = this.store
        ? loadCodeSystem(id, this.store, date ? { dateOfService: date } : {})
        : loadStarterCodeSystem(id);
      this.loaded.set(key, system);
    }
    return system;
  }

  search(chart: ChartEntry, id: CodeSystemId, query: string, limit = 12): SearchHit[] {
    const system = this.systemFor(chart, id);
    const exact = system.lookup(canonicalCode(id, query));
    const hits = searchCodes(system, query, limit).hits;
    if (!exact) return hits;
    const first: SearchHit = {
      code: exact.code,
      title: exact.title,
      billable: exact.billable,
      score: 1,
      matched: exact.code,
    };
    return [first, ...hits.filter((h) => h.code !== exact.code)].slice(0, limit);
  }

  /** The code spelled canonically when the chart's code set has it, else undefined. */
  known(
    chart: ChartEntry,
    id: CodeSystemId,
    code: string,
  ): { code: string; title: string; billable: boolean } | undefined {
    const e = this.systemFor(chart, id).lookup(canonicalCode(id, code));
    return e ? { code: e.code, title: e.title, billable: e.billable } : undefined;
  }
}
