/**
 * The draft Claim of a chart's bundle: its diagnoses in reporting order (`diagnosis.sequence`; the first is
 * the principal diagnosis of an inpatient stay), ICD-10-PCS codes as `procedure`, and one `item` per CPT /
 * HCPCS code whose `diagnosisSequence` comes from the code's diagnosis pointers. It is a draft (status
 * `draft`): patient, provider, coverage and its creation date are left to the billing system (data-absent).
 */
import type { Claim, ClaimDiagnosis } from '@medplum/fhirtypes';
import type { ChartRecord, CodeSuggestion } from '../contract/chart-record.js';
import { absentPrimitive, codeConcept, patientReference, SYSTEM, unknownReference } from './fhir-elements.js';

const CLAIM_TYPE = 'http://terminology.hl7.org/CodeSystem/claim-type';
const PRIORITY = 'http://terminology.hl7.org/CodeSystem/processpriority';
const DIAGNOSIS_TYPE = 'http://terminology.hl7.org/CodeSystem/ex-diagnosistype';

/** The diagnoses in reporting order: sequenced ones by their sequence, then any without one as given. */
export function claimDiagnoses(dx: readonly CodeSuggestion[]): CodeSuggestion[] {
  const last = Number.MAX_SAFE_INTEGER;
  return dx
    .map((c, i) => ({ c, i }))
    .sort((a, b) => (a.c.sequence ?? last) - (b.c.sequence ?? last) || a.i - b.i)
    .map((x) => x.c);
}

/** R4's Claim with the `_created` form of its required date (an extension in place of a value). */
export type DraftClaim = Omit<Claim, 'created'> & { _created: ReturnType<typeof absentPrimitive> };

export function draftClaim(r: ChartRecord, codes: readonly CodeSuggestion[]): DraftClaim {
  const diagnoses = claimDiagnoses(codes.filter((c) => c.system === 'icd10cm'));
  const seqOf = new Map(diagnoses.map((c, i) => [c.code, i + 1]));
  const inpatient = r.encounter.type === 'inpatient';
  const dos = r.encounter.dateOfService;
  const pcs = codes.filter((c) => c.system === 'icd10pcs');
  const items = codes.filter((c) => c.system === 'cpt' || c.system === 'hcpcs');
  return {
    resourceType: 'Claim',
    identifier: [{ system: r.documents ? SYSTEM.encounter : SYSTEM.chart, value: r.id }],
    status: 'draft',
    type: { coding: [{ system: CLAIM_TYPE, code: inpatient ? 'institutional' : 'professional' }] },
    use: 'claim',
    patient: patientReference(r),
    ...(dos ? { billablePeriod: { start: dos, end: dos } } : {}),
    _created: absentPrimitive(),
    provider: unknownReference(),
    priority: { coding: [{ system: PRIORITY, code: 'normal' }] },
    insurance: [{ sequence: 1, focal: true, coverage: unknownReference() }],
    ...(diagnoses.length > 0 ? { diagnosis: diagnoses.map((c, i) => diagnosis(c, i + 1, inpatient, r.codeSets)) } : {}),
    ...(pcs.length > 0
      ? { procedure: pcs.map((c, i) => ({ sequence: i + 1, procedureCodeableConcept: codeConcept(c, r.codeSets) })) }
      : {}),
    ...(items.length > 0
      ? {
          item: items.map((c, i) => {
            const pointers = (c.diagnosisPointers ?? [])
              .map((code) => seqOf.get(code))
              .filter((s): s is number => s !== undefined);
            return {
              sequence: i + 1,
              ...(pointers.length > 0 ? { diagnosisSequence: pointers } : {}),
              productOrService: codeConcept(c, r.codeSets),
            };
          }),
        }
      : {}),
  };
}

function diagnosis(
  c: CodeSuggestion,
  sequence: number,
  inpatient: boolean,
  codeSets: ChartRecord['codeSets'],
): ClaimDiagnosis {
  return {
    sequence,
    diagnosisCodeableConcept: codeConcept(c, codeSets),
    ...(inpatient && sequence === 1 ? { type: [{ coding: [{ system: DIAGNOSIS_TYPE, code: 'principal' }] }] } : {}),
  };
}
