/**
 * What csv-stringify costs a worker: the share of a worker's time per chart (coding it through the chart
 * stages, then making its CSV lines) spent turning rows into CSV text, with csv-stringify (what the batch
 * uses, `csvLines`) and with a hand-written RFC 4180 encoder kept here only as the yardstick, both on the
 * same coded charts in the same run. The design keeps csv-stringify unless its share is above 10%.
 */
import { outpatientStages } from './bench-stages.js';
import { newRecord, processChart } from '../pipeline/process-chart.js';
import { csvLines, safeCell } from '../write-review-batch/csv-file.js';
import { CHART_COLUMNS, CODE_COLUMNS, chartRow, codeRows } from '../write-review-batch/rows.js';

type Row = Record<string, string | number>;
const NEEDS_QUOTES = /[",\r\n]/;

/** The yardstick: the same bytes as `csvLines`, by string concatenation. */
function handLines(rows: Row[], columns: readonly string[]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      const text = safeCell(row[columns[i]!]);
      out += (i === 0 ? '' : ',') + (NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
    }
    out += '\r\n';
  }
  return out;
}

/** Milliseconds to encode every chart's codes.csv and charts.csv lines with `encode`; the text, to compare. */
function encodeAll(charts: { codes: Row[]; chart: Row }[], encode: typeof csvLines): { ms: number; text: string } {
  const parts: string[] = [];
  const t0 = performance.now();
  for (const c of charts) parts.push(encode(c.codes, CODE_COLUMNS), encode([c.chart], CHART_COLUMNS));
  return { ms: performance.now() - t0, text: parts.join('') };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function csvEncodingBench(texts: string[]): Promise<string[]> {
  const stages = await outpatientStages((name) => name !== 'ingest');
  const code = async (text: string, i: number) => {
    const r = newRecord({ id: `c${i}`, path: 'mem' }, 'outpatient');
    r.text = text;
    r.pages = [{ start: 0, end: text.length }];
    await processChart(r, stages);
    return { codes: codeRows('bench', r), chart: chartRow('bench', r) };
  };
  // A nightly worker codes thousands of charts: time it after the JIT has seen the whole corpus once.
  for (const [i, text] of texts.entries()) await code(text, i);
  const charts: { codes: Row[]; chart: Row }[] = [];
  const t0 = performance.now();
  for (const [i, text] of texts.entries()) charts.push(await code(text, i));
  /** The worker's time besides encoding: the stages, and the rows (made whichever encoder writes them). */
  const stagesMs = performance.now() - t0;
  // Alternate the two encoders so a drift of the machine's speed hits both alike; warm both up first.
  encodeAll(charts, csvLines);
  encodeAll(charts, handLines);
  const lib: number[] = [];
  const hand: number[] = [];
  let same = true;
  for (let k = 0; k < 7; k++) {
    const a = encodeAll(charts, csvLines);
    const b = encodeAll(charts, handLines);
    lib.push(a.ms);
    hand.push(b.ms);
    same &&= a.text === b.text;
  }
  const share = (ms: number) => `${((100 * ms) / (stagesMs + ms)).toFixed(1)}%`;
  const rows = charts.reduce((n, c) => n + c.codes.length + 1, 0);
  return [
    `CSV encoding, ${charts.length} charts (${rows} rows), one worker: stages and rows ${stagesMs.toFixed(0)} ms; ` +
      `csv-stringify ${median(lib).toFixed(0)} ms (${share(median(lib))} of the worker's time), ` +
      `hand-written ${median(hand).toFixed(0)} ms (${share(median(hand))}); same bytes: ${same ? 'yes' : 'NO'}`,
  ];
}
