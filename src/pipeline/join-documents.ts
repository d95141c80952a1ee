/**
 * The documents of an encounter joined into one record for the stages that reason over the whole encounter:
 * the texts of the documents that were read, one after another with a page break and blank lines between them
 * (no sentence, list or section runs from one document into the next), their pages, sections and OCR words
 * moved along, and `documents` saying where each lies. A failed document takes no room in the text but keeps its
 * place in `documents`, with its issues, so charts.csv still has its row.
 */
import { hasFatal, type ChartRecord, type EncounterDocument, type OcrInfo } from '../contract/chart-record.js';
import { emptyRecord } from './process-chart.js';

/** Between two documents: a form feed (as between PDF pages) set off by blank lines. */
export const DOCUMENT_JOINER = '\n\n\f\n\n';

export function joinDocuments(id: string, records: ChartRecord[]): ChartRecord {
  const read = records.filter((r) => !hasFatal(r));
  const first = read[0] ?? records[0]!;
  const joined: ChartRecord = {
    ...emptyRecord(id, first.source, first.encounter),
    ...(first.codeSets ? { codeSets: first.codeSets } : {}),
    documents: [],
  };
  const parts: string[] = [];
  let offset = 0;
  const ocr: OcrInfo[] = [];
  for (const r of records) {
    const ok = !hasFatal(r);
    if (ok && parts.length > 0) {
      parts.push(DOCUMENT_JOINER);
      offset += DOCUMENT_JOINER.length;
    }
    const doc: EncounterDocument = {
      id: r.id,
      source: r.source,
      encounter: r.encounter,
      issues: r.issues,
      range: { start: offset, end: ok ? offset + r.text.length : offset },
      firstPage: joined.pages.length,
      pages: r.pages.length,
      sections: r.sections.length,
      ...(r.ocr ? { ocr: { pages: r.ocr.pages, meanConfidence: r.ocr.meanConfidence } } : {}),
      trace: r.trace,
    };
    joined.documents!.push(doc);
    joined.trace.push(...r.trace);
    if (!ok) continue;
    const by = offset;
    parts.push(r.text);
    joined.pages.push(...r.pages.map((p) => ({ start: p.start + by, end: p.end + by })));
    joined.sections.push(
      ...r.sections.map((s) => ({ ...s, range: { start: s.range.start + by, end: s.range.end + by } })),
    );
    if (r.ocr) ocr.push(shiftOcr(r.ocr, by, doc.firstPage));
    offset += r.text.length;
  }
  joined.text = parts.join('');
  if (ocr.length > 0) joined.ocr = mergeOcr(ocr);
  return joined;
}

function shiftOcr(o: OcrInfo, by: number, pages: number): OcrInfo {
  return {
    ...o,
    pages: o.pages.map((p) => p + pages),
    words: o.words.map((w) => ({ ...w, start: w.start + by, end: w.end + by })),
  };
}

/** One OCR account of the joined text: every page and word; the mean confidence weighted by each document's words. */
function mergeOcr(parts: OcrInfo[]): OcrInfo {
  const words = parts.flatMap((p) => p.words);
  const weight = (p: OcrInfo) => Math.max(1, p.words.length);
  const total = parts.reduce((n, p) => n + weight(p), 0);
  return {
    pages: parts.flatMap((p) => p.pages),
    meanConfidence: parts.reduce((s, p) => s + p.meanConfidence * weight(p), 0) / total,
    words,
    lowConfidence: parts[0]!.lowConfidence,
  };
}
