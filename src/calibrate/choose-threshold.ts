/**
 * The auto threshold: the lowest confidence at which the rows a coder would not have to touch —
 * scored at or above it and with no blocking flag — are right at least `target` of the time, in
 * every set of scored rows given (calibrate passes the fitted scores, and those pooled with out-of-fold
 * ones, so a threshold only the overfitted scores justify is not taken). The lowest such score gives the most
 * auto rows the target allows. None reaching it: null, and nothing is auto.
 */

export interface ScoredRow {
  confidence: number;
  correct: boolean;
  /** A flag that needs a human: never auto, whatever the score. */
  blocked: boolean;
}

export function chooseThreshold(sets: ScoredRow[][], target: number): number | null {
  const candidates = [...new Set(sets.flatMap((rows) => rows.filter((r) => !r.blocked).map((r) => r.confidence)))].sort(
    (a, b) => a - b,
  );
  for (const t of candidates) {
    if (sets.every((rows) => precisionAt(rows, t) >= target)) return t;
  }
  return null;
}

/** Precision of the unblocked rows at or above `t`; no such rows is 0 (no evidence is not precision). */
function precisionAt(rows: ScoredRow[], t: number): number {
  let n = 0;
  let tp = 0;
  for (const r of rows) {
    if (r.blocked || r.confidence < t) continue;
    n++;
    if (r.correct) tp++;
  }
  return n ? tp / n : 0;
}

export const autoAt = (rows: ScoredRow[], threshold: number | null): boolean[] =>
  rows.map((r) => !r.blocked && threshold !== null && r.confidence >= threshold);

export interface AutoFigures {
  autoRows: number;
  /** Precision of the auto rows (0 when there are none). */
  autoPrecision: number;
  /** Correct auto rows; over every gold code (found or not) as `shareOfGold`. */
  goldFoundAsAuto: number;
  shareOfGold: number;
}

export function autoFigures(rows: ScoredRow[], auto: boolean[], goldTotal: number): AutoFigures {
  const picked = rows.filter((_, i) => auto[i]);
  const tp = picked.filter((r) => r.correct).length;
  return {
    autoRows: picked.length,
    autoPrecision: picked.length ? tp / picked.length : 0,
    goldFoundAsAuto: tp,
    shareOfGold: goldTotal ? tp / goldTotal : 0,
  };
}
