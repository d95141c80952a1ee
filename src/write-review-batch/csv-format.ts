/**
 * The CSV format: codes.csv (one row per suggested code) and charts.csv (one row per input), split into
 * parts under Excel's row limit (csv-parts). Rows are encoded in the worker; the batch thread appends them.
 */
import { Buffer } from 'node:buffer';
import type { ChartRecord } from '../contract/chart-record.js';
import { csvLines } from './csv-file.js';
import { CsvParts, intactParts, type PartPosition } from './csv-parts.js';
import type { OutputFormat } from './output-format.js';
import { chartColumns, chartRows, codeColumns, codeRows } from './rows.js';

export interface CsvLines {
  codeCsv: string;
  /** Lines in `codeCsv` (rows of codes.csv). */
  codeRows: number;
  codeBytes: number;
  chartCsv: string;
  /** Lines in `chartCsv`: one, or one per document of an encounter. */
  chartRows: number;
  chartBytes: number;
}

export interface CsvPosition {
  codes: PartPosition;
  charts: PartPosition;
}

export function encodeCsv(record: ChartRecord, batchId: string): CsvLines {
  const codes = codeRows(batchId, record);
  const encounters = record.documents !== undefined;
  const codeCsv = csvLines(codes, codeColumns(encounters));
  const charts = chartRows(batchId, record);
  const chartCsv = csvLines(charts, chartColumns(encounters));
  return {
    codeCsv,
    codeRows: codes.length,
    codeBytes: Buffer.byteLength(codeCsv),
    chartCsv,
    chartRows: charts.length,
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
    const encounters = opts.encounters === true;
    const codes = new CsvParts(dir, 'codes', codeColumns(encounters), opts.maxRowsPerFile, last?.codes);
    const charts = new CsvParts(dir, 'charts', chartColumns(encounters), opts.maxRowsPerFile, last?.charts);
    return {
      async write(lines) {
        await codes.writeGroup(lines.codeCsv, lines.codeRows, lines.codeBytes);
        await charts.writeGroup(lines.chartCsv, lines.chartRows, lines.chartBytes);
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
