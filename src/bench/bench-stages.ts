/**
 * The outpatient pipeline's chart stages, set up in this thread, for the benches that hand text straight to the
 * stages (no ingest, no worker pool). The pipeline and its code sets are loaded once and shared by every call.
 */
import { loadCodeSets } from '../code-systems/registry.js';
import type { ChartStage, StageContext } from '../contract/stage.js';
import { loadPipelineConfig, type PipelineConfig } from '../pipeline/config.js';
import type { ReadyStage } from '../pipeline/process-chart.js';

let loaded: { config: PipelineConfig; ctx: StageContext } | undefined;

function outpatient(): { config: PipelineConfig; ctx: StageContext } {
  if (!loaded) {
    const config = loadPipelineConfig('outpatient');
    const ctx: StageContext = {
      codeSets: loadCodeSets(config.codeSystems),
      pipeline: { name: config.name, encounterType: 'outpatient', configPath: config.file },
    };
    loaded = { config, ctx };
  }
  return loaded;
}

/** The chart stages `keep` names, in pipeline order; `options` may change a stage's configured options. */
export async function outpatientStages(
  keep: (name: string) => boolean,
  options: (name: string, configured: unknown) => unknown = (_name, configured) => configured,
): Promise<ReadyStage[]> {
  const { config, ctx } = outpatient();
  const stages: ReadyStage[] = [];
  for (const s of config.stages) {
    if (s.stage.kind !== 'chart' || !keep(s.stage.name)) continue;
    const fn = await (s.stage as ChartStage).setup(options(s.stage.name, s.options), ctx);
    stages.push({ name: s.stage.name, fn });
  }
  return stages;
}
