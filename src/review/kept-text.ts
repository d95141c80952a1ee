/**
 * A chart's text as the batch kept it (`--format …,text`: text/<chart id>.json, see text-format), read instead
 * of the chart file: a 300-page PDF opens in milliseconds rather than the seconds pdf.js takes, and the
 * evidence offsets point at the very text the batch coded (no OCR re-run, so no "read otherwise" warning). The
 * chart file must still be there with the sha256 charts.csv records, as when the text is read from it: a
 * changed or missing file is the same REVIEW_CHART_CHANGED. A batch without text/, or a file that does not
 * match the chart (another id or sha256, unreadable JSON), falls back to reading the chart file.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ChartcoderError } from '../contract/errors.js';
import { textFileName, type ChartTextFile } from '../write-review-batch/text-format.js';
import type { ChartEntry } from './batch-index.js';

export interface KeptText {
  text: string;
  pages: { start: number; end: number }[];
}

/** The kept text of `entry`, or undefined when the batch has none for it (read the chart file instead). */
export async function keptText(dir: string, entry: ChartEntry): Promise<KeptText | undefined> {
  let kept: ChartTextFile;
  try {
    kept = JSON.parse(await readFile(path.join(dir, textFileName(entry.id)), 'utf8')) as ChartTextFile;
  } catch {
    return undefined; // no text/ (an older or CSV-only batch), or a damaged file: the chart file is read
  }
  if (kept.v !== 1 || kept.chart_id !== entry.id || kept.sha256 !== entry.sha256 || typeof kept.text !== 'string')
    return undefined;
  const now = await fileSha256(entry.path).catch(() => undefined);
  if (now === undefined)
    throw new ChartcoderError('REVIEW_CHART_CHANGED', 'the chart file cannot be read now (missing?)', entry.id);
  if (now !== entry.sha256) throw chartChanged(entry);
  return { text: kept.text, pages: kept.pages.map(([start, end]) => ({ start, end })) };
}

/** The chart file is no longer the one the batch coded, however its text is read (kept or from the file). */
export const chartChanged = (entry: Pick<ChartEntry, 'id'>) =>
  new ChartcoderError(
    'REVIEW_CHART_CHANGED',
    'the chart file changed since the batch was coded (sha256 differs): its offsets would point at other words',
    entry.id,
  );

/** sha256 of a file's bytes, streamed (a scanned chart can be hundreds of MB). */
function fileSha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => hash.update(d))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
