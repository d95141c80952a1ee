/**
 * The small FHIR R4 parts the bundle builders share: chartcoder's identifier systems and extension URLs
 * (documented in docs/fhir.md), codings with canonical code-system URIs, the standard data-absent-reason for
 * required references chartcoder cannot know (patient, provider, coverage), and stable `urn:uuid` entry ids.
 */
import { createHash } from 'node:crypto';
import type { CodeableConcept, Extension, Patient, Reference, Resource } from '@medplum/fhirtypes';
import type { ChartRecord, CodeSuggestion, Evidence } from '../contract/chart-record.js';
import { CODE_SYSTEM_URI } from './code-system-uris.js';

/** Identifier systems: which batch, chart (document) and encounter a resource came from. */
export const SYSTEM = {
  batch: 'urn:chartcoder:batch-id',
  chart: 'urn:chartcoder:chart-id',
  encounter: 'urn:chartcoder:encounter-id',
  patient: 'urn:chartcoder:patient-id',
  issue: 'urn:chartcoder:issue-code',
} as const;

/** chartcoder's extensions; each documented in docs/fhir.md. */
const BASE = 'urn:chartcoder:fhir:StructureDefinition:';
export const EXT = {
  confidence: `${BASE}confidence`,
  reviewStatus: `${BASE}review-status`,
  flag: `${BASE}review-flag`,
  hcc: `${BASE}hcc`,
  sequence: `${BASE}sequence`,
  alternative: `${BASE}alternative`,
  evidence: `${BASE}evidence`,
  span: `${BASE}evidence-span`,
} as const;

const DATA_ABSENT = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';

/** A required reference chartcoder cannot fill (the patient, the billing provider): the receiving system does. */
export const unknownReference = <T extends Resource>(): Reference<T> => ({
  extension: [{ url: DATA_ABSENT, valueCode: 'unknown' }],
});

/**
 * The patient, by the manifest's `patient_id` as a logical reference (the receiving system resolves it to its own
 * Patient); without one, left to the receiving system like the provider.
 */
export const patientReference = (r: Pick<ChartRecord, 'encounter'>): Reference<Patient> =>
  r.encounter.patientId
    ? { type: 'Patient', identifier: { system: SYSTEM.patient, value: r.encounter.patientId } }
    : unknownReference();

/** A required primitive chartcoder leaves to the receiving system (the claim's creation date): `_element` form. */
export const absentPrimitive = () => ({ extension: [{ url: DATA_ABSENT, valueCode: 'unknown' }] });

/** The same UUID for the same parts (batch, chart, resource): resumed and repeated batches write the same bytes. */
export function stableUuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  // Shaped as a name-based UUID (version 5 nibble, RFC 4122 variant).
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function codeConcept(c: CodeSuggestion, codeSets: ChartRecord['codeSets']): CodeableConcept {
  const version = codeSets?.[c.system];
  return {
    coding: [
      {
        system: CODE_SYSTEM_URI[c.system],
        ...(version ? { version } : {}),
        code: c.code,
        ...(c.title ? { display: c.title } : {}),
      },
    ],
    ...(c.title ? { text: c.title } : {}),
  };
}

/** Confidence, review status and flags, HCC, sequence and alternatives of one suggested code. */
export function suggestionExtensions(c: CodeSuggestion): Extension[] {
  const ext: Extension[] = [
    { url: EXT.confidence, valueDecimal: Math.round(c.confidence * 1000) / 1000 },
    { url: EXT.reviewStatus, valueCode: c.status },
    ...c.flags.map((f) => ({ url: EXT.flag, valueString: f })),
  ];
  if (c.hcc) ext.push({ url: EXT.hcc, valueString: c.hcc });
  if (c.sequence !== undefined) ext.push({ url: EXT.sequence, valuePositiveInt: c.sequence });
  for (const a of c.alternatives) {
    ext.push({
      url: EXT.alternative,
      extension: [
        { url: 'code', valueCoding: { system: CODE_SYSTEM_URI[c.system], code: a.code } },
        { url: 'score', valueDecimal: Math.round(a.score * 1000) / 1000 },
      ],
    });
  }
  return ext;
}

/** One evidence span as a reference to the document it is in, with its text, offsets, page, section and assertion. */
export function evidenceReference(e: Evidence, documentUrl: string): Reference {
  return {
    extension: [
      {
        url: EXT.span,
        extension: [
          { url: 'start', valueInteger: e.range.start },
          { url: 'end', valueInteger: e.range.end },
          { url: 'page', valuePositiveInt: e.page },
          { url: 'section', valueCode: e.section },
          { url: 'assertion', valueCode: e.assertion },
        ],
      },
    ],
    reference: documentUrl,
    type: 'DocumentReference',
    ...(e.text ? { display: e.text } : {}),
  };
}
