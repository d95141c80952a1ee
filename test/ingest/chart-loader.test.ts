import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { describe, expect, it } from 'vitest';
import { ChartLoader, documentsToInputs } from '../../src/ingest/chart-loader.js';
import { readChart } from '../../src/ingest/read-chart.js';
import { makePdf } from '../support/make-pdf.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cc-loader-'));
const charts = path.join(dir, 'charts');
mkdirSync(charts);
writeFileSync(path.join(charts, 'note.txt'), 'ASSESSMENT:\r\n1. Type 2 diabetes mellitus.\r\n');
writeFileSync(path.join(charts, 'scan.pdf'), await makePdf(['HPI: chest pain.', 'ASSESSMENT: Hypertension.']));
const broken = path.join(dir, 'broken');
mkdirSync(broken);
writeFileSync(path.join(broken, 'bad.pdf'), 'not a pdf at all');
writeFileSync(path.join(broken, 'ok.txt'), 'Plan: follow up.');

describe('ChartLoader (LangChain document loader)', () => {
  it('gives one Document per chart, its text normalized as the pipeline sees it', async () => {
    const docs = await new ChartLoader([charts]).load();
    expect(docs.map((d) => d.metadata.chartId)).toEqual(['note', 'scan']);
    const note = await readChart(path.join(charts, 'note.txt'), { maxBytes: 1e6, maxPages: 10 });
    expect(docs[0]!.pageContent).toBe(note.text);
    expect(docs[0]!.pageContent).not.toContain('\r');
    expect(docs[0]!.metadata).toMatchObject({ kind: 'text', pages: 1, sha256: note.source.sha256 });
    expect(docs[1]!.metadata).toMatchObject({ kind: 'pdf', pages: 2 });
  });

  it('splits a PDF into pages whose offsets point into the whole chart text', async () => {
    const docs = await new ChartLoader([path.join(charts, 'scan.pdf')], { splitPages: true }).load();
    const whole = await readChart(path.join(charts, 'scan.pdf'), { maxBytes: 1e6, maxPages: 10 });
    expect(docs.map((d) => d.metadata.loc.pageNumber)).toEqual([1, 2]);
    for (const d of docs) {
      const offset = d.metadata.offset as number;
      expect(whole.text.slice(offset, offset + d.pageContent.length)).toBe(d.pageContent);
    }
    expect(docs[1]!.pageContent).toContain('Hypertension');
  });

  it('rejects on an unreadable chart by default, or lists it with its issue code and goes on', async () => {
    await expect(new ChartLoader([broken]).load()).rejects.toMatchObject({ code: expect.stringMatching(/^INGEST_/) });
    const loader = new ChartLoader([broken], { onError: 'collect' });
    const docs = await loader.load();
    expect(docs.map((d) => d.metadata.chartId)).toEqual(['ok']);
    expect(loader.failures).toHaveLength(1);
    expect(loader.failures[0]).toMatchObject({ chartId: 'bad', code: expect.stringMatching(/^INGEST_PDF_/) });
  });

  it('turns Documents back into chart inputs: id from chartId, else source, else the content hash', () => {
    const inputs = documentsToInputs([
      new Document({
        pageContent: 'a',
        metadata: { chartId: 'A1', encounterType: 'inpatient', dateOfService: '2026-11-20' },
      }),
      new Document({ pageContent: 'b', metadata: { source: 'notes/b.txt', encounterType: 'elsewhere' } }),
      new Document({ pageContent: 'c', metadata: {} }),
    ]);
    expect(inputs[0]).toEqual({
      id: 'A1',
      path: 'langchain:A1',
      text: 'a',
      encounterType: 'inpatient',
      dateOfService: '2026-11-20',
    });
    expect(inputs[1]).toEqual({ id: 'notes/b.txt', path: 'notes/b.txt', text: 'b' });
    expect(inputs[2]!.id).toMatch(/^[0-9a-f]{16}$/);
    expect(inputs[2]!.path).toBe(`langchain:${inputs[2]!.id}`);
  });
});
