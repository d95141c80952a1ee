/** Set up a pipeline's chart stages once: code sets loaded, rules compiled. Used in process and in each worker. */
import { loadCodeSets } from '../code-systems/registry.js';
import type { PipelineConfig } from './config.js';
import type { ReadyStage } from './process-chart.js';
import type { StageContext } from './stage.js';

export async function prepareStages(config: PipelineConfig): Promise<{ ctx: StageContext; stages: ReadyStage[] }> {
  const ctx: StageContext = {
    codeSets: loadCodeSets(config.codeSystems),
    pipeline: { name: config.name, encounterType: config.encounterType, configPath: config.file },
  };
  const stages: ReadyStage[] = [];
  for (const s of config.stages) {
    if (s.stage.kind === 'chart') stages.push({ name: s.stage.name, fn: await s.stage.setup(s.options, ctx) });
  }
  return { ctx, stages };
}
