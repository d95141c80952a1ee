/**
 * The run-wide parts of chart stages (`ChartStage.openBatch`): opened once on the calling thread before
 * any chart is coded, closed once after the last, their reports gathered for the manifest. Closing is
 * idempotent so the runner can close on every path out.
 */
import type { PipelineConfig } from './config.js';
import type { BatchContext, BatchService } from '../contract/stage.js';

export interface OpenServices {
  /** stage name → what its service reported. */
  close(): Promise<Record<string, unknown>>;
}

export async function openBatchServices(config: PipelineConfig, ctx: BatchContext): Promise<OpenServices> {
  const open: [string, BatchService][] = [];
  try {
    for (const s of config.stages) {
      if (s.stage.kind === 'chart' && s.stage.openBatch)
        open.push([s.stage.name, await s.stage.openBatch(s.options, ctx)]);
    }
  } catch (e) {
    await Promise.allSettled(open.map(([, service]) => service.close()));
    throw e;
  }
  let closed: Promise<Record<string, unknown>> | undefined;
  return {
    close: () =>
      (closed ??= (async () => {
        const reports: Record<string, unknown> = {};
        for (const [name, service] of open) reports[name] = await service.close();
        return reports;
      })()),
  };
}
