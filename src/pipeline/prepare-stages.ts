/** Set up a pipeline's chart stages once: code sets loaded, rules compiled. Used in process and in each worker. */
import { loadCodeSets } from '../code-systems/registry.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import type { PipelineConfig } from './config.js';
import type { ReadyStage } from './process-chart.js';
import type { BatchRef, StageContext } from '../contract/stage.js';
import type { SharedTables } from '../contract/shared-tables.js';

/**
 * `codeSets`: the releases to code with (default: the embedded starter set); `shared`: tables shared with the
 * other worker threads, for these releases and this pipeline (see contract/shared-tables.ts).
 */
export async function prepareStages(
  config: PipelineConfig,
  batch?: BatchRef,
  codeSets?: CodeSetRegistry,
  shared?: SharedTables,
): Promise<{ ctx: StageContext; stages: ReadyStage[] }> {
  const ctx: StageContext = {
    codeSets: codeSets ?? loadCodeSets(config.codeSystems),
    pipeline: { name: config.name, encounterType: config.encounterType, configPath: config.file },
    ...(batch ? { batch } : {}),
    ...(shared ? { shared } : {}),
  };
  const stages: ReadyStage[] = [];
  for (const s of config.stages) {
    if (s.stage.kind === 'chart')
      stages.push({
        name: s.stage.name,
        fn: await s.stage.setup(s.options, ctx),
        ...(s.stage.perDocument ? { perDocument: true } : {}),
      });
  }
  return { ctx, stages };
}
