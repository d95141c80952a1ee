/**
 * The CSV format: codes.csv (one row per suggested code) and charts.csv (one row per input), split into
 * parts under Excel's row limit (csv-parts). Rows are encoded in the worker; the batch thread appends them.
 */
import { Buffer } from 'node:buffer';
import type { ChartRecord } from '../contract/chart-record.js';
import { csvLines } from './csv-file.js';
import { CsvParts, intactParts, type PartPosition } from './csv-parts.js';
import type { OutputFormat } from './output-format.js';
import { CHART_COLUMNS, CODE_COLUMNS, chartRow, codeRows } from './rows.js';

export interface CsvLines {
  codeCsv: string;
  /** Lines in `codeCsv` (rows of codes.csv). */
  codeRows: number;
  codeBytes: number;
  chartCsv: string;
  chartBytes: number;
}

export interface CsvPosition {
  codes: PartPosition;
  charts: PartPosition;
}

export function encodeCsv(record: ChartRecord, batchId: string): CsvLines {
  const codes = codeRows(batchId, record);
  const codeCsv = csvLines(codes, CODE_COLUMNS);
  const chartCsv = csvLines([chartRow(batchId, record)], CHART_COLUMNS);
  return {
    codeCsv,
    codeRows: codes.length,
    codeBytes: Buffer.byteLength(codeCsv),
    chartCsv,
    chartBytes: Buffer.byteLength(chartCsv),
  };
}

export const csvFormat: OutputFormat<CsvLines, CsvPosition> = {
  name: 'csv',
  encode: encodeCsv,
  intact: (dir, kept) =>
    Math.min(
      intactParts(
        dir,
        'codes',
        kept.map((k) => k.codes),
      ),
      intactParts(
        dir,
        'charts',
        kept.map((k) => k.charts),
      ),
    ),
  open(dir, opts, kept) {
    const last = kept.at(-1);
    const codes = new CsvParts(dir, 'codes', CODE_COLUMNS, opts.maxRowsPerFile, last?.codes);
    const charts = new CsvParts(dir, 'charts', CHART_COLUMNS, opts.maxRowsPerFile, last?.charts);
    return {
      async write(lines) {
        await codes.writeGroup(lines.codeCsv, lines.codeRows, lines.codeBytes);
        await charts.writeGroup(lines.chartCsv, 1, lines.chartBytes);
      },
      position: () => ({ codes: codes.position(), charts: charts.position() }),
      async close() {
        const [codeFiles, chartFiles] = await Promise.all([codes.close(), charts.close()]);
        return { codes: codeFiles, charts: chartFiles };
      },
      async abandon() {
        await Promise.all([codes.abandon(), charts.abandon()]);
      },
    };
  },
};
