/**
 * Reads chart files on a thread of their own (read-chart-worker), one at a time, so the review server's
 * thread stays free: pdf.js takes 1.5–2.6 s on a 300-page chart and OCR seconds a page, and every other
 * request (the work list, a decision, another coder) would wait that long. A chart the page opens now goes
 * ahead of charts read ahead of time (prefetch); a prefetch queued for the chart the page then opens is
 * moved to the front. The thread starts at the first read and again after a crash (that read fails alone).
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TextRange } from '../contract/chart-record.js';
import { packageRoot } from '../contract/paths.js';
import type { ReadLimits } from '../ingest/read-chart.js';

export interface ReadRequest {
  id: number;
  path: string;
  limits: ReadLimits;
}

export interface ReadChartResult {
  text: string;
  pages: TextRange[];
  sha256: string;
  /** What OCR read: page numbers and mean word confidence, as charts.csv records them. */
  ocr?: { pages: number[]; meanConfidence: number };
}

/** `error`: an ingest issue code (INGEST_…), or `unexpected <class>`; never chart text. */
export type ReadReply = { id: number; chart: ReadChartResult } | { id: number; error: string };

export class ReadError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

interface Job {
  key: string;
  req: ReadRequest;
  prefetch: boolean;
  resolve: (c: ReadChartResult) => void;
  reject: (e: unknown) => void;
}

const WORKER = path.join(packageRoot, 'dist', 'review', 'read-chart-worker.js');
/** Prefetches waiting at most: a coder racing ahead leaves older ones behind. */
const MAX_PREFETCH = 4;

export class ChartReader {
  private worker: Worker | undefined;
  private running: Job | undefined;
  private readonly queue: Job[] = [];
  private nextId = 1;

  /** `key` names the chart (its id) so a later open can move a queued prefetch ahead. */
  read(key: string, file: string, limits: ReadLimits, prefetch = false): Promise<ReadChartResult> {
    return new Promise((resolve, reject) => {
      const job = { key, req: { id: this.nextId++, path: file, limits }, prefetch, resolve, reject };
      if (prefetch) {
        this.queue.push(job);
        const waiting = this.queue.filter((j) => j.prefetch);
        if (waiting.length > MAX_PREFETCH) this.drop(waiting[0]!);
      } else this.queue.splice(this.firstPrefetch(), 0, job);
      this.pump();
    });
  }

  /** The page opens a chart whose read is queued as a prefetch: it goes first. */
  promote(key: string): void {
    const i = this.queue.findIndex((j) => j.key === key && j.prefetch);
    if (i < 0) return;
    const [job] = this.queue.splice(i, 1);
    job!.prefetch = false;
    this.queue.splice(this.firstPrefetch(), 0, job!);
  }

  async close(): Promise<void> {
    for (const j of this.queue.splice(0)) j.reject(new ReadError('closed'));
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private firstPrefetch(): number {
    const i = this.queue.findIndex((j) => j.prefetch);
    return i < 0 ? this.queue.length : i;
  }

  private drop(job: Job): void {
    this.queue.splice(this.queue.indexOf(job), 1);
    job.reject(new ReadError('prefetch_dropped'));
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) {
      if (!this.running) this.worker?.unref(); // idle: the thread does not keep the process alive
      return;
    }
    const job = (this.running = this.queue.shift()!);
    const w = this.spawn();
    w.ref();
    w.postMessage(job.req);
  }

  private spawn(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(WORKER);
    w.on('message', (m: ReadReply) => {
      const job = this.running;
      if (!job || job.req.id !== m.id) return;
      this.running = undefined;
      if ('chart' in m) job.resolve(m.chart);
      else job.reject(new ReadError(m.error));
      this.pump();
    });
    const lost = (why: string) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      const job = this.running;
      this.running = undefined;
      job?.reject(new ReadError(why));
      this.pump();
    };
    w.on('error', (e) => lost(`unexpected ${e.name}`));
    w.on('exit', () => lost('unexpected exit'));
    this.worker = w;
    return w;
  }
}
