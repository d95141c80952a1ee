/**
 * The document type of every gold fixture chart (its gold file names it) from its heading, the same from its
 * sections when the heading is cut off, the manifest's own column first, and charts.csv's last column.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { packageRoot, pipelinesDir } from '../../src/contract/paths.js';
import { readChart } from '../../src/ingest/read-chart.js';
import { loadDocumentTypeRules } from '../../src/sectionize/document-type.js';
import { findSections } from '../../src/sectionize/find-sections.js';
import { loadSectionRules } from '../../src/sectionize/section-rules.js';
import { cli } from '../support/cli.js';

const rules = loadDocumentTypeRules(path.join(pipelinesDir, 'rules', 'document-types.json'));
const sections = loadSectionRules(path.join(pipelinesDir, 'rules', 'sections.json'));
const detect = (text: string) => rules.detect(text, findSections(text, sections));
const fixtures = path.join(packageRoot, 'fixtures');
/** The gold files' finer names, as the batch's types: office visits and consultations are physicians' notes. */
const AS_BATCH: Record<string, string> = {
  office_visit: 'progress_note',
  consult: 'progress_note',
  operative_note: 'operative_report',
};

const gold = readdirSync(path.join(fixtures, 'gold')).map((f) => {
  const g = JSON.parse(readFileSync(path.join(fixtures, 'gold', f), 'utf8')) as { file: string; documentType: string };
  return { file: path.join(fixtures, g.file), type: AS_BATCH[g.documentType] ?? g.documentType };
});

describe('document type', () => {
  it('names the type of every gold chart from its heading', async () => {
    const found: string[] = [];
    for (const g of gold) {
      const c = await readChart(g.file, { maxBytes: 50_000_000, maxPages: 300 });
      found.push(`${path.basename(g.file)} ${detect(c.text)}`);
    }
    expect(found).toEqual(gold.map((g) => `${path.basename(g.file)} ${g.type}`));
    expect(new Set(gold.map((g) => g.type))).toEqual(
      new Set(['discharge_summary', 'operative_report', 'radiology_report', 'ed_note', 'progress_note']),
    );
  });

  it('names it from the section titles when the heading is cut off, else other', () => {
    const body = (name: string) =>
      readFileSync(path.join(fixtures, 'charts', name), 'utf8')
        .replace(/^[^\n]*\n/, '')
        .replace(/^[^:\n]*\n/m, '');
    expect(detect(body('dc-pneumonia-sepsis.txt'))).toBe('discharge_summary');
    expect(detect(body('op-lap-appendectomy.txt'))).toBe('operative_report');
    expect(detect(body('rad-knee-xray-left.txt'))).toBe('radiology_report');
    expect(detect(body('ed-asthma-exacerbation.txt'))).toBe('ed_note');
    expect(detect('Seen today. Doing well.\nBlood pressure fine.')).toBe('other');
  });

  it("takes the manifest's document_type, and writes the type as charts.csv's last column", async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cc-doctype-'));
    const chart = (n: string) => path.join(fixtures, 'charts', n);
    writeFileSync(
      path.join(root, 'm.csv'),
      `chart_id,path,document_type\nc1,${chart('dc-pneumonia-sepsis.txt')},Consult Note\nc2,${chart('rad-knee-xray-left.txt')},\nc3,${chart('ed-syncope-elderly.txt')},"<b>"\n`,
    );
    const run = await cli(['run', '--manifest', path.join(root, 'm.csv'), '--out', root, '--batch-id', 'b', '--quiet']);
    expect(run.code).toBe(2); // c3 fails: its document_type is not a name
    const rows = parse(readFileSync(path.join(root, 'b', 'charts.csv')), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    expect(Object.keys(rows[0]!).at(-1)).toBe('document_type');
    expect(rows.map((r) => `${r.chart_id} ${r.document_type} ${r.issue_codes}`)).toEqual([
      'c1 consult_note ',
      'c2 radiology_report ',
      'c3  INPUT_MANIFEST_ROW_INVALID',
    ]);
  });
});
