/**
 * The chart text the review page shows, reproduced exactly as the batch coded it: the source file named
 * in charts.csv, read and normalized by ingest's own `readChart`, so codes.csv offsets land on the same
 * characters. The file's sha256 must match the one the batch recorded; a changed or missing file is an
 * error on that chart (offsets into another text would highlight the wrong words). Recently opened charts
 * stay in memory (a bounded cache), and the page asks for the next chart ahead of time.
 */
import type { TextRange } from '../contract/chart-record.js';
import { ChartcoderError } from '../contract/errors.js';
import { IngestError } from '../ingest/ingest-issue.js';
import { readChart } from '../ingest/read-chart.js';
import type { ChartEntry } from './batch-index.js';

export interface ChartText {
  text: string;
  pages: TextRange[];
}

/** Generous limits: the batch already accepted the file; these only guard against a file grown since. */
const LIMITS = { maxBytes: 512 * 1024 * 1024, maxPages: 100_000 };
/** Characters of chart text kept in memory (about 64 MB of UTF-16). */
const CACHE_CHARS = 32_000_000;

export class ChartTexts {
  private readonly cache = new Map<string, Promise<ChartText>>();
  private readonly sizes = new Map<string, number>();
  private chars = 0;

  get(entry: ChartEntry): Promise<ChartText> {
    const hit = this.cache.get(entry.id);
    if (hit) {
      this.cache.delete(entry.id);
      this.cache.set(entry.id, hit); // most recently used last
      return hit;
    }
    const loading = load(entry);
    this.cache.set(entry.id, loading);
    loading.then(
      (t) => this.admit(entry.id, t.text.length),
      () => this.cache.delete(entry.id),
    );
    return loading;
  }

  private admit(id: string, size: number): void {
    this.sizes.set(id, size);
    this.chars += size;
    for (const old of this.cache.keys()) {
      if (this.chars <= CACHE_CHARS || old === id) break;
      this.chars -= this.sizes.get(old) ?? 0;
      this.sizes.delete(old);
      this.cache.delete(old);
    }
  }
}

async function load(entry: ChartEntry): Promise<ChartText> {
  if (entry.status === 'failed')
    throw new ChartcoderError(
      'REVIEW_NOT_FOUND',
      'the chart failed in the batch: it has no text to show (see its issue codes)',
      entry.id,
    );
  let chart;
  try {
    chart = await readChart(entry.path, LIMITS);
  } catch (e) {
    if (e instanceof IngestError)
      throw new ChartcoderError('REVIEW_CHART_CHANGED', `the chart file cannot be read now (${e.code})`, entry.id);
    throw e;
  }
  if (chart.source.sha256 !== entry.sha256) {
    throw new ChartcoderError(
      'REVIEW_CHART_CHANGED',
      'the chart file changed since the batch was coded (sha256 differs): its offsets would point at other words',
      entry.id,
    );
  }
  return { text: chart.text, pages: chart.pages };
}
