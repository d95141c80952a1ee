/**
 * What reading a chart file gives: its normalized text with page ranges, warnings and OCR details. In a file of its
 * own so that read-chart.ts and the readers it loads lazily (read-scanned.ts) do not import each other.
 */
import type { ChartSource, Issue, OcrInfo, TextRange } from '../contract/chart-record.js';

export interface ChartText {
  source: ChartSource;
  text: string;
  pages: TextRange[];
  /** Non-fatal findings (pages without text, Latin-1 fallback). */
  warnings: Omit<Issue, 'stage'>[];
  /** What OCR read, when it read any page. */
  ocr?: OcrInfo;
}
