/** A code a matched term points at: what the lexicon, the flexible matcher and the drug list all return. */
import type { CodeSystemId } from '../contract/chart-record.js';

export interface TermHit {
  system: CodeSystemId;
  code: string;
  matchType: 'exact' | 'abbreviation';
}
