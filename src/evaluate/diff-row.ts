/**
 * A row of an evaluation's diff.csv: one gold code found or missed, or one false suggestion, per chart. Written by
 * evaluate.ts, read by the error tables and by --compare; in a file of its own so that those do not import each other.
 */
export interface DiffRow {
  chart_id: string;
  kind: 'match' | 'missed' | 'spurious' | 'near_miss';
  system: string;
  gold_code: string;
  predicted_code: string;
  confidence: string;
  status: string;
}
