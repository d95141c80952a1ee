/**
 * What a stage is given of the code sets in force: systems to look codes up in, with their entries and the
 * Tabular List instructions the pipeline acts on. code-systems/ builds them (starter set, imported releases);
 * stages read them through these shapes only.
 */
import type { CodeSystemId, MentionAttributes } from './chart-record.js';

export interface SpecificRule {
  when: MentionAttributes;
  code: string;
}

export interface CodeEntry {
  code: string;
  title: string;
  billable: boolean;
  /** Lower-case phrases matched case-insensitively. */
  terms: string[];
  /** Case-sensitive tokens such as `CHF`. */
  abbreviations: string[];
  /** More specific codes chosen by mention attributes. */
  specific: SpecificRule[];
  /** What documentation would make this unspecified code specific (drives `query_provider`). */
  missing?: string;
  /** ICD-10-CM Tabular List instructions as code references (Excludes1, Code first, Use additional code, 7th characters). */
  tabular?: TabularFields;
}

export interface CodeSystem {
  id: CodeSystemId;
  version: string;
  effective: { from: string; to: string };
  size: number;
  lookup(code: string): CodeEntry | undefined;
  entries(): Iterable<CodeEntry>;
}

export interface TabularFields {
  excludes1?: string[];
  codeFirst?: string[];
  /** A manifestation: the underlying condition must be coded first ("Code first underlying …"). */
  codeFirstRequired?: true;
  useAdditionalCode?: string[];
  /** Valid 7th characters, e.g. `ADS`, when the code needs one. */
  seventh?: string;
}

export interface CodeSetRegistry {
  systems: CodeSystemId[];
  get(id: CodeSystemId): CodeSystem;
  has(id: CodeSystemId): boolean;
  /** `{icd10cm: 'starter-fy2026', …}` for the manifest. */
  versions(): Record<string, string>;
}
