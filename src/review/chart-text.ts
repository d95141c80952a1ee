/**
 * The chart text the review page shows, exactly as the batch coded it: the text the batch kept (text/, see
 * kept-text) when it was run with `--format …,text`; otherwise the source file named
 * in charts.csv, read and normalized by ingest's own `readChart` with the batch's own ingest options (its
 * OCR options above all: another resolution or page limit gives other text and other offsets), on the
 * reading thread (chart-reader). The file's sha256 must match the one the batch recorded; a changed or
 * missing file is an error on that chart. A scanned chart is also checked against what charts.csv says OCR
 * read (pages, mean confidence): when they differ, or the batch did not record its OCR options, the text
 * is shown with a warning that its highlights may be misplaced, never silently. Recently read charts stay
 * in memory (a small LRU), and the page asks for the next charts of its list ahead of time.
 */
import type { TextRange } from '../contract/chart-record.js';
import { ChartcoderError } from '../contract/errors.js';
import type { ReadLimits } from '../ingest/read-chart.js';
import type { ChartEntry } from './batch-index.js';
import type { BatchReadOptions } from './batch-read-options.js';
import { ChartReader, ReadError, type ReadChartResult } from './chart-reader.js';
import { chartChanged, keptText } from './kept-text.js';

export interface ChartText {
  text: string;
  pages: TextRange[];
  /** Why the highlights may not sit on the words the batch coded (OCR read otherwise); absent when they do. */
  warning?: string;
}

/** Characters of chart text kept in memory (about 64 MB of UTF-16), and charts at most. */
const CACHE_CHARS = 32_000_000;
const CACHE_CHARTS = 8;

export class ChartTexts {
  private readonly cache = new Map<string, Promise<ChartText>>();
  private readonly sizes = new Map<string, number>();
  private readonly reader = new ChartReader();
  private readonly limits: ReadLimits;
  private chars = 0;

  /** `dir`: the batch folder, where text/ holds the charts' texts when the batch kept them (kept-text). */
  constructor(
    private readonly dir: string,
    private readonly batch: BatchReadOptions,
  ) {
    this.limits = batch.limits;
  }

  /** The chart's text; `prefetch`: read ahead of time, behind any chart the page is waiting for. */
  get(entry: ChartEntry, prefetch = false): Promise<ChartText> {
    const hit = this.cache.get(entry.id);
    if (hit) {
      this.cache.delete(entry.id);
      this.cache.set(entry.id, hit); // most recently used last
      if (!prefetch) this.reader.promote(entry.id);
      return hit;
    }
    const loading = this.load(entry, prefetch);
    this.cache.set(entry.id, loading);
    loading.then(
      (t) => this.admit(entry.id, t.text.length),
      () => this.forget(entry.id),
    );
    return loading;
  }

  close(): Promise<void> {
    return this.reader.close();
  }

  private admit(id: string, size: number): void {
    if (!this.cache.has(id)) return;
    this.sizes.set(id, size);
    this.chars += size;
    for (const old of this.cache.keys()) {
      if ((this.chars <= CACHE_CHARS && this.sizes.size <= CACHE_CHARTS) || old === id) break;
      if (this.sizes.has(old)) this.forget(old); // reads still in flight stay
    }
  }

  private forget(id: string): void {
    this.chars -= this.sizes.get(id) ?? 0;
    this.sizes.delete(id);
    this.cache.delete(id);
  }

  private async load(entry: ChartEntry, prefetch: boolean): Promise<ChartText> {
    if (entry.status === 'failed')
      throw new ChartcoderError(
        'REVIEW_NOT_FOUND',
        'the chart failed in the batch: it has no text to show (see its issue codes)',
        entry.id,
      );
    const kept = await keptText(this.dir, entry);
    if (kept) return kept;
    let chart: ReadChartResult;
    try {
      chart = await this.reader.read(entry.id, entry.path, this.limits, prefetch);
    } catch (e) {
      if (e instanceof ReadError && e.code.startsWith('INGEST_'))
        throw new ChartcoderError('REVIEW_CHART_CHANGED', `the chart file cannot be read now (${e.code})`, entry.id);
      throw e;
    }
    if (chart.sha256 !== entry.sha256) throw chartChanged(entry);
    const warning = ocrWarning(entry, chart, this.batch);
    return { text: chart.text, pages: chart.pages, ...(warning ? { warning } : {}) };
  }
}

/** Why OCR text read now may not be the batch's: its options unknown, or what it read differs from charts.csv. */
export function ocrWarning(entry: ChartEntry, chart: ReadChartResult, batch: BatchReadOptions): string | undefined {
  const readNow = {
    pages: (chart.ocr?.pages ?? []).join('; '),
    confidence: chart.ocr?.meanConfidence.toFixed(1) ?? '',
  };
  if (!chart.ocr && !entry.ocr.pages) return undefined; // no page of this chart was scanned, then or now
  if (batch.unknown)
    return `this chart was read by OCR with the default options: ${batch.unknown}, so the highlights may not sit on the words the batch coded`;
  if (readNow.pages !== entry.ocr.pages || readNow.confidence !== entry.ocr.confidence)
    return `OCR read this chart otherwise now (pages ${readNow.pages || 'none'}, confidence ${readNow.confidence || 'none'}; the batch: pages ${entry.ocr.pages || 'none'}, confidence ${entry.ocr.confidence || 'none'}), so the highlights may not sit on the words the batch coded`;
  return undefined;
}
