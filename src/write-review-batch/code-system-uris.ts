/**
 * The canonical URIs of the code systems, as FHIR and other structured consumers name them (the CSV files
 * use the short names). ICD-10-PCS has no HL7-registered URI; CMS's release page is the one in common use.
 */
import type { CodeSystemId } from '../contract/chart-record.js';

export const CODE_SYSTEM_URI: Record<CodeSystemId, string> = {
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10pcs: 'http://www.cms.gov/Medicare/Coding/ICD10',
  cpt: 'http://www.ama-assn.org/go/cpt',
  hcpcs: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
};
