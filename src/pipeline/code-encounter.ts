/**
 * Code an encounter of several documents as one. The pipeline's leading per-document stages (ingest,
 * sectionize) read each document alone, so an unreadable one fails alone; the documents read are joined into
 * one text (pages and sections follow) and the other stages run once over it, so codes are merged and
 * deduplicated across documents and sequencing, Excludes1, combination codes, pointers and HCC marks see the
 * whole encounter. Then every evidence span and mention is put back into its own document (`chartId`, that
 * document's offsets and page), which is what the outputs show. When a document failed, the encounter says so
 * (ENCOUNTER_DOCUMENT_FAILED) and each of its codes is flagged `document_missing` for review.
 * The time limit applies to the encounter as a whole.
 */
import { hasFatal, type ChartRecord, type EncounterType, type TextRange } from '../contract/chart-record.js';
import type { ChartInput } from '../ingest/list-inputs.js';
import { newRecord, processChart, type ReadyStage } from './process-chart.js';
import { stagesOrIssue, type ReleaseStages } from './release-stages.js';
import { joinDocuments } from './join-documents.js';

export async function codeEncounter(
  unit: ChartInput,
  releases: ReleaseStages,
  encounterType: EncounterType,
  timeoutMs: number,
): Promise<ChartRecord> {
  const deadline = performance.now() + timeoutMs;
  const left = () => Math.max(0, deadline - performance.now());
  const records: ChartRecord[] = [];
  let rest: ReadyStage[] = [];
  for (const input of unit.documents!) {
    let record = newRecord(input, encounterType);
    const ready = hasFatal(record) ? undefined : await stagesOrIssue(record, input, releases);
    if (ready) {
      const split = firstJoined(ready.stages);
      record = await processChart(record, ready.stages.slice(0, split), left());
      if (!hasFatal(record) && rest.length === 0) rest = ready.stages.slice(split);
    }
    records.push(record);
  }
  const encounter = joinDocuments(unit.id, records);
  const read = records.filter((r) => !hasFatal(r));
  if (read.length === 0) return encounter;
  const failed = records.filter((r) => hasFatal(r)).map((r) => r.id);
  if (failed.length > 0) {
    encounter.issues.push({
      stage: 'run',
      code: 'ENCOUNTER_DOCUMENT_FAILED',
      severity: 'warning',
      message: `${failed.length} document(s) of this encounter failed (${failed.join(', ')}): it was coded from the other ${read.length}`,
    });
  }
  const coded = await processChart(encounter, rest, left());
  if (failed.length > 0) {
    for (const c of coded.codes) {
      c.flags.push('document_missing');
      c.status = 'review';
    }
  }
  return localize(coded);
}

/** Index of the first stage that runs on the joined documents. */
function firstJoined(stages: ReadyStage[]): number {
  const i = stages.findIndex((s) => !s.perDocument);
  return i < 0 ? stages.length : i;
}

/** Evidence and mentions moved from the joined text into their own document: its id, offsets and page. */
function localize(r: ChartRecord): ChartRecord {
  const docs = r.documents!.filter((d) => d.range.end > d.range.start);
  const docAt = (at: number) => {
    let d = docs[0]!;
    for (const x of docs) if (x.range.start <= at) d = x;
    return d;
  };
  const shift = (range: TextRange, by: number) => ({ start: range.start - by, end: range.end - by });
  for (const c of r.codes) {
    c.evidence = c.evidence.map((e) => {
      const d = docAt(e.range.start);
      return { ...e, range: shift(e.range, d.range.start), page: e.page - d.firstPage, chartId: d.id };
    });
    if (c.secondOpinion?.evidence)
      c.secondOpinion.evidence = shift(c.secondOpinion.evidence, docAt(c.secondOpinion.evidence.start).range.start);
  }
  r.mentions = r.mentions.map((m) => {
    const d = docAt(m.range.start);
    return { ...m, range: shift(m.range, d.range.start), unit: shift(m.unit, d.range.start), chartId: d.id };
  });
  return r;
}
