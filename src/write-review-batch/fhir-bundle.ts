/**
 * One chart as a FHIR R4 Bundle (type `collection`): the chart document, a Condition per diagnosis code, a
 * Procedure per procedure code, a draft Claim, and an OperationOutcome when the chart has issues. A failed
 * chart's bundle holds the document and the OperationOutcome only. Entry ids are stable `urn:uuid`s and
 * nothing in it depends on the clock, so the same chart in the same batch gives the same bytes.
 */
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { recordFailed, type ChartRecord } from '../contract/chart-record.js';
import { draftClaim, type DraftClaim } from './fhir-claim.js';
import { stableUuid, SYSTEM } from './fhir-elements.js';
import { chartLinks, condition, documentReference, hasIssues, operationOutcome, procedure } from './fhir-resources.js';
import { reviewOrder } from './rows.js';

/** A Bundle whose entries may hold the draft Claim, typed with its `_created` form. */
export type ChartBundle = Omit<Bundle, 'entry'> & {
  entry: (BundleEntry | { fullUrl: string; resource: DraftClaim })[];
};

export function chartBundle(batchId: string, r: ChartRecord): ChartBundle {
  const url = (...parts: string[]) => stableUuid(batchId, r.id, ...parts);
  // An encounter has a DocumentReference per document (named by its chart id); a chart, its own.
  const docs = r.documents ?? [r];
  const documentUrls = new Map(
    docs.map((d) => [d.id, r.documents ? url('DocumentReference', d.id) : url('DocumentReference')]),
  );
  const entry: ChartBundle['entry'] = docs.map((d) => ({
    fullUrl: documentUrls.get(d.id)!,
    resource: documentReference(d),
  }));
  if (!recordFailed(r)) {
    const links = chartLinks(r, documentUrls);
    const codes = reviewOrder(r.codes, r.documents);
    // By position as well as code: two suggestions of one code would otherwise share an entry id.
    const urls = codes.map((c, i) =>
      url(c.system === 'icd10cm' ? 'Condition' : 'Procedure', c.system, c.code, String(i)),
    );
    const conditionUrl = new Map<string, string>();
    codes.forEach((c, i) => c.system === 'icd10cm' && !conditionUrl.has(c.code) && conditionUrl.set(c.code, urls[i]!));
    codes.forEach((c, i) => {
      const reasons = (c.diagnosisPointers ?? []).flatMap((code) => conditionUrl.get(code) ?? []);
      entry.push({
        fullUrl: urls[i]!,
        resource: c.system === 'icd10cm' ? condition(c, r, links) : procedure(c, r, links, reasons),
      });
    });
    if (codes.length > 0) entry.push({ fullUrl: url('Claim'), resource: draftClaim(r, codes) });
  }
  if (hasIssues(r)) entry.push({ fullUrl: url('OperationOutcome'), resource: operationOutcome(r) });
  return {
    resourceType: 'Bundle',
    meta: { tag: [{ system: SYSTEM.batch, code: batchId }] },
    identifier: { system: r.documents ? SYSTEM.encounter : SYSTEM.chart, value: r.id },
    type: 'collection',
    entry,
  };
}
