/**
 * The clinical resources of a chart's FHIR bundle: a DocumentReference for the chart document (what evidence
 * points into), a Condition per ICD-10-CM code, a Procedure per ICD-10-PCS / CPT / HCPCS code, and an
 * OperationOutcome listing the chart's issues (codes and messages, never chart text).
 */
import path from 'node:path';
import type {
  CodeableConcept,
  Condition,
  DocumentReference,
  Encounter,
  OperationOutcome,
  Procedure,
  Reference,
} from '@medplum/fhirtypes';
import type { ChartRecord, CodeSuggestion, Evidence, Severity } from '../contract/chart-record.js';
import {
  codeConcept,
  evidenceReference,
  EXT,
  patientReference,
  suggestionExtensions,
  SYSTEM,
} from './fhir-elements.js';

const VER_STATUS = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';

/** Where a resource points back to: the entry of the document an evidence span is in, and the encounter. */
export interface ChartLinks {
  documentUrl: (e: Evidence) => string;
  encounter: Reference<Encounter>;
}

/** `documentUrls`: chart id → its DocumentReference entry (the first is taken for a span that names none). */
export function chartLinks(r: ChartRecord, documentUrls: ReadonlyMap<string, string>): ChartLinks {
  const first = [...documentUrls.values()][0]!;
  return {
    documentUrl: (e) => documentUrls.get(e.chartId ?? r.id) ?? first,
    encounter: { type: 'Encounter', identifier: { system: SYSTEM.encounter, value: r.id } },
  };
}

/** Page images by their extension (ingest reads an image by its first bytes; a misnamed one is rare). */
const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};

function contentType(source: ChartRecord['source']): string {
  if (source.kind === 'pdf') return 'application/pdf';
  if (source.kind === 'text') return 'text/plain';
  return IMAGE_TYPES[path.extname(source.path).toLowerCase()] ?? 'application/octet-stream';
}

/** A chart document: the record's own, or one document of an encounter. */
export function documentReference(d: Pick<ChartRecord, 'id' | 'source'>): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    identifier: [{ system: SYSTEM.chart, value: d.id }],
    status: 'current',
    content: [{ attachment: { contentType: contentType(d.source), size: d.source.bytes, title: d.id } }],
  };
}

/**
 * Uncertain evidence makes the diagnosis provisional (coded as if established only where inpatient rules allow);
 * a code a coder must review is unconfirmed; an `auto` code is confirmed. Negated mentions are never coded.
 */
export function verificationStatus(c: CodeSuggestion): CodeableConcept {
  const code =
    c.evidence[0]?.assertion === 'uncertain' ? 'provisional' : c.status === 'review' ? 'unconfirmed' : 'confirmed';
  return { coding: [{ system: VER_STATUS, code }] };
}

export function condition(c: CodeSuggestion, r: ChartRecord, links: ChartLinks): Condition {
  return {
    resourceType: 'Condition',
    extension: suggestionExtensions(c),
    verificationStatus: verificationStatus(c),
    category: [{ coding: [{ system: CATEGORY, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }] }],
    code: codeConcept(c, r.codeSets),
    subject: patientReference(r),
    encounter: links.encounter,
    evidence: c.evidence.map((e) => ({ detail: [evidenceReference(e, links.documentUrl(e))] })),
  };
}

/** `reasons`: the entry URLs of the Conditions the procedure's diagnosis pointers name. */
export function procedure(c: CodeSuggestion, r: ChartRecord, links: ChartLinks, reasons: string[]): Procedure {
  return {
    resourceType: 'Procedure',
    // Procedure has no evidence element: the spans travel in an extension of the same shape as Condition's.
    extension: [
      ...suggestionExtensions(c),
      ...c.evidence.map((e) => ({ url: EXT.evidence, valueReference: evidenceReference(e, links.documentUrl(e)) })),
    ],
    status: 'completed',
    code: codeConcept(c, r.codeSets),
    subject: patientReference(r),
    encounter: links.encounter,
    ...(reasons.length > 0 ? { reasonReference: reasons.map((reference) => ({ reference, type: 'Condition' })) } : {}),
  };
}

const OUTCOME_SEVERITY: Record<Severity, 'fatal' | 'warning' | 'information'> = {
  fatal: 'fatal',
  warning: 'warning',
  info: 'information',
};

/** The record's issues; an encounter's then each document's, whose diagnostics start with its chart id. */
export function operationOutcome(r: ChartRecord): OperationOutcome {
  const issues = [
    ...r.issues.map((i) => ({ i, about: '' })),
    ...(r.documents ?? []).flatMap((d) => d.issues.map((i) => ({ i, about: `chart ${d.id}: ` }))),
  ];
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map(({ i, about }) => ({
      severity: OUTCOME_SEVERITY[i.severity],
      code: 'processing',
      details: { coding: [{ system: SYSTEM.issue, code: i.code }] },
      diagnostics: `${about}${i.stage}: ${i.message}`,
    })),
  };
}

/** Whether the record has an issue to report (its own, or one of an encounter's documents). */
export const hasIssues = (r: ChartRecord): boolean =>
  r.issues.length > 0 || (r.documents ?? []).some((d) => d.issues.length > 0);
