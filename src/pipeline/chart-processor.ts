/**
 * Where charts are coded: a worker-thread pool (piscina) spreading the stages over every core, or the
 * calling thread (`workers: 0`, for library use and debugging). Either way each chart has a time limit;
 * a chart that exceeds it fails with CHART_TIMEOUT and the batch goes on (in the pool, its worker is
 * stopped and replaced).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Piscina } from 'piscina';
import type { ChartRecord } from '../chart-record.js';
import { ChartcoderError, describeUnexpected } from '../errors.js';
import type { ChartInput } from '../ingest/list-inputs.js';
import { packageRoot } from '../paths.js';
import type { PipelineConfig } from './config.js';
import { prepareStages } from './prepare-stages.js';
import { newRecord, processChart, slimRecord } from './process-chart.js';

export interface ChartProcessor {
  code(input: ChartInput): Promise<ChartRecord>;
  close(): Promise<void>;
}

/** The compiled worker: worker threads run JavaScript, so the pool always uses dist/. */
const WORKER = path.join(packageRoot, 'dist', 'pipeline', 'chart-worker.js');

export async function chartProcessor(config: PipelineConfig, opts: { workers: number; chartTimeoutMs: number }): Promise<ChartProcessor> {
  const timedOut = (input: ChartInput): ChartRecord => {
    const r = newRecord(input, config.encounterType);
    r.issues.push({ stage: 'run', code: 'CHART_TIMEOUT', severity: 'fatal', message: `not finished within ${opts.chartTimeoutMs} ms; code it by hand or raise --chart-timeout` });
    return r;
  };
  if (opts.workers === 0) {
    const { stages } = await prepareStages(config);
    return {
      async code(input) {
        let timer: NodeJS.Timeout | undefined;
        const limit = new Promise<ChartRecord>((resolve) => (timer = setTimeout(() => resolve(timedOut(input)), opts.chartTimeoutMs)));
        const done = processChart(newRecord(input, config.encounterType), stages).then(slimRecord);
        return Promise.race([done, limit]).finally(() => clearTimeout(timer));
      },
      close: async () => undefined,
    };
  }
  if (!existsSync(WORKER)) throw new ChartcoderError('USAGE', 'the worker pool needs the compiled code: run "npm run build" (or use --workers 0)');
  const pool = new Piscina({ filename: WORKER, minThreads: opts.workers, maxThreads: opts.workers, workerData: { configPath: config.file } });
  return {
    async code(input) {
      try {
        return await pool.run(input, { signal: AbortSignal.timeout(opts.chartTimeoutMs) });
      } catch (e) {
        if ((e as Error).name === 'AbortError' || (e as Error).name === 'TimeoutError') return timedOut(input);
        const r = newRecord(input, config.encounterType);
        r.issues.push({ stage: 'run', code: 'WORKER_FAILED', severity: 'fatal', message: `the worker coding this chart failed (${describeUnexpected(e)})` });
        return r;
      }
    },
    close: () => pool.destroy(),
  };
}
