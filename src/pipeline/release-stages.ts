/**
 * The chart stages for each code-set release a batch needs. Without a store every chart is coded with the
 * embedded starter set. With one, each chart is coded with the releases in force on its date of service
 * (no date: the newest), so a September chart coded in October still gets last year's codes; a date outside every
 * imported release is coded with the nearest one and warned about on that chart. Stages for a
 * release are set up the first time a chart needs them and kept: a nightly batch spans one or two fiscal
 * years, and each set costs one load of the code tables per worker.
 */
import type { ChartRecord } from '../contract/chart-record.js';
import { codeSystemFrom, pickForDate, registryOf } from '../code-systems/registry.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import { listBundles, resolveStore } from '../code-systems/store.js';
import type { ChartInput } from '../ingest/list-inputs.js';
import type { PipelineConfig } from './config.js';
import { prepareStages } from './prepare-stages.js';
import type { ReadyStage } from './process-chart.js';
import { ChartcoderError } from '../contract/errors.js';
import { isIssueCode } from '../contract/issue-codes.js';
import type { BatchRef } from '../contract/stage.js';
import type { SharedTables } from '../contract/shared-tables.js';
import { scopedTables } from './thread-tables.js';

export interface StagesForRelease {
  stages: ReadyStage[];
  /** `{icd10cm: 'fy2026+starter-fy2026', …}`: what coded the chart, for charts.csv. */
  versions: Record<string, string>;
  /** Per system whose imported releases none covers the chart's date of service: which release was taken instead. */
  outside: string[];
}

export interface ReleaseStages {
  stagesFor(input: ChartInput): Promise<StagesForRelease>;
}

export function releaseStages(
  config: PipelineConfig,
  opts: { codeStore?: string; batch?: BatchRef; shared?: SharedTables } = {},
): ReleaseStages {
  // No store: no imported releases, so every system falls back to the starter set.
  const store = opts.codeStore === undefined ? undefined : resolveStore(opts.codeStore);
  const bundles = new Map(config.codeSystems.map((id) => [id, store === undefined ? [] : listBundles(store, id)]));
  const prepared = new Map<string, Promise<Omit<StagesForRelease, 'outside'>>>();
  const prepare = async (codeSets: CodeSetRegistry, key: string): Promise<Omit<StagesForRelease, 'outside'>> => ({
    stages: (await prepareStages(config, opts.batch, codeSets, opts.shared && scopedTables(opts.shared, key))).stages,
    versions: codeSets.versions(),
  });
  return {
    async stagesFor(input) {
      const picks = config.codeSystems.map((id) => ({ id, ...pickForDate(id, bundles.get(id)!, input.dateOfService) }));
      const key = picks.map(({ id, bundle }) => `${id}:${bundle?.dir ?? 'starter'}`).join('|');
      let ready = prepared.get(key);
      if (!ready) {
        // Shared tables are named by the releases' folders and import times: a release imported again is new.
        const shareKey = picks.map(
          ({ id, bundle }) => `${id}:${bundle ? `${bundle.dir}@${bundle.manifest.importedAt}` : 'starter'}`,
        );
        const codeSets = registryOf(picks.map(({ id, bundle }) => codeSystemFrom(id, bundle)));
        prepared.set(key, (ready = prepare(codeSets, shareKey.join('|'))));
      }
      return { ...(await ready), outside: picks.flatMap((p) => (p.outside ? [p.outside] : [])) };
    },
  };
}

/** The stages for the chart's release (its versions set on the record), or undefined and a fatal issue on it. */
export async function stagesOrIssue(
  record: ChartRecord,
  input: ChartInput,
  releases: ReleaseStages,
): Promise<StagesForRelease | undefined> {
  try {
    const ready = await releases.stagesFor(input);
    record.codeSets = ready.versions;
    for (const message of ready.outside)
      record.issues.push({ stage: 'code-sets', code: 'CODESET_DATE_OUTSIDE_RELEASES', severity: 'warning', message });
    return ready;
  } catch (e) {
    // A release missing or damaged fails this chart; any other error is not the chart's and stops the run.
    if (!(e instanceof ChartcoderError) || !isIssueCode(e.code)) throw e;
    record.issues.push({ stage: 'code-sets', code: e.code, severity: 'fatal', message: e.message });
    return undefined;
  }
}
