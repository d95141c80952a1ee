/**
 * One batch as a worker process codes it: the chart pool (worker threads, as a local run has: per-chart time
 * and memory limits, a thread that dies fails only its chart) and a BullMQ worker on the batch's queue. A job
 * is a group of charts; its result is the coded charts as the sink encodes them (codes and evidence, as in
 * codes.csv). A job that was running when a worker process died (BullMQ's stalled-job recovery hands it out
 * again) is coded alone, chart by chart, each chart counted in Redis while it runs: a chart that killed
 * `attempts` processes fails with CHART_WORKER_CRASH instead of killing more, and the batch goes on.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { describeUnexpected } from '../contract/errors.js';
import { chartProcessor, failedChart, type ChartProcessor } from '../pipeline/chart-processor.js';
import type { WorkerPool } from '../pipeline/worker-pool.js';
import type { PipelineConfig } from '../pipeline/config.js';
import { sinkEncoder } from '../pipeline/process-chart.js';
import type { BatchRef, CodedChart } from '../contract/stage.js';
import type { JobData } from './queue-coordinator.js';
import type { QueueSpec } from './queue-spec.js';
import { JobGate } from './job-gate.js';
import { crashesKey, PREFIX, queueName } from './redis-keys.js';

export interface BatchWorkerOptions {
  /** The worker process's threads: they outlive the batch and keep what they loaded (see warm-sets). */
  threads: WorkerPool;
  codeStore?: string;
}

export class BatchWorker {
  private readonly gate = new JobGate();
  private worker: Worker | undefined;
  jobs = 0;

  private constructor(
    private readonly spec: QueueSpec,
    private readonly redis: Redis,
    private readonly pool: ChartProcessor,
    private readonly failed: ReturnType<typeof failedChart>,
  ) {}

  static async start(
    spec: QueueSpec,
    config: PipelineConfig,
    redis: Redis,
    opts: BatchWorkerOptions,
    onError: (why: string) => void,
  ): Promise<BatchWorker> {
    const batch: BatchRef = { id: spec.batchId, dir: spec.dir, ...(spec.formats ? { formats: spec.formats } : {}) };
    const pool = await chartProcessor(config, {
      workers: opts.threads.size,
      threads: opts.threads,
      codeSetsSha256: spec.codeSetsSha256,
      chartTimeoutMs: spec.chartTimeoutMs,
      batch,
      ...(opts.codeStore !== undefined ? { codeStore: opts.codeStore } : {}),
    });
    const self = new BatchWorker(spec, redis, pool, failedChart(config, sinkEncoder(config, batch)));
    self.worker = new Worker<JobData, CodedChart[]>(queueName(spec.batchId), (job) => self.process(job), {
      connection: redis,
      prefix: PREFIX,
      concurrency: opts.threads.size * 2, // as the pool's depth: each thread has its next group waiting
      lockDuration: spec.lockMs,
      stalledInterval: spec.lockMs,
      // The charts decide (see codeAlone); BullMQ's own limit only catches a job that stalls for another reason.
      maxStalledCount: spec.attempts + 2,
    });
    self.worker.on('error', (e) => onError(describeUnexpected(e)));
    return self;
  }

  private async process(job: Job<JobData, CodedChart[]>): Promise<CodedChart[]> {
    const inputs = job.data.inputs;
    try {
      const charts = await this.gate.run(job.stalledCounter > 0, () =>
        job.stalledCounter > 0 ? this.codeAlone(job) : this.pool.code(inputs),
      );
      this.jobs++;
      return charts;
    } catch (e) {
      // Never the error's own text: it could quote a chart.
      throw new UnrecoverableError(`could not code the group (${describeUnexpected(e)})`);
    }
  }

  /** Chart by chart, each counted while it runs: the count of a chart that kills the process stays up. */
  private async codeAlone(job: Job<JobData, CodedChart[]>): Promise<CodedChart[]> {
    const out: CodedChart[] = [];
    const key = crashesKey(this.spec.batchId);
    for (const input of job.data.inputs) {
      const deaths = Number((await this.redis.hget(key, input.id)) ?? 0) + 1; // + the death that made the job stall
      if (deaths >= this.spec.attempts) {
        out.push(
          this.failed(input, {
            stage: 'run',
            code: 'CHART_WORKER_CRASH',
            severity: 'fatal',
            message: `the worker process coding this chart died ${deaths} times; code it by hand`,
          }),
        );
        continue;
      }
      await this.redis.hincrby(key, input.id, 1);
      out.push(...(await this.pool.code([input])));
      await this.redis.hincrby(key, input.id, -1);
    }
    return out;
  }

  /** Lets the jobs in hand finish and return their results (a drain); the threads stay up for the next batch. */
  async close(): Promise<void> {
    await this.worker?.close();
    await this.pool.close();
  }
}
