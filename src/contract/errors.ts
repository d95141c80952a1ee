/**
 * Coded errors. Every error the tool reports carries a stable code, says what was expected and
 * what was found, and never quotes chart text (it is PHI).
 */

export type ErrorCode =
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_INVALID_JSON'
  | 'CONFIG_UNKNOWN_STAGE'
  | 'CONFIG_UNKNOWN_OPTION'
  | 'CONFIG_BAD_VALUE'
  | 'CONFIG_STAGE_ORDER'
  | 'CONFIG_MODEL_MISMATCH'
  | 'INPUT_NOT_FOUND'
  | 'INPUT_EMPTY'
  | 'INPUT_MANIFEST_INVALID'
  | 'INPUT_DUPLICATE_ID'
  | 'INPUT_BATCH_INVALID'
  | 'OUTPUT_EXISTS'
  | 'OUTPUT_NOT_WRITABLE'
  | 'CODESET_INVALID'
  | 'CODESET_NOT_FOUND'
  | 'CODESET_PARSE_ERROR'
  | 'CODESET_VERSION_NOT_FOUND'
  | 'CODESET_STORE_ERROR'
  | 'CALIBRATE_TOO_FEW_CHARTS'
  | 'REVIEW_CHART_CHANGED'
  | 'REVIEW_NOT_FOUND'
  | 'REVIEW_DECISION_INVALID'
  | 'QUEUE_UNREACHABLE'
  | 'QUEUE_NO_WORKERS'
  | 'QUEUE_VERSION_MISMATCH'
  | 'USAGE';

export class ChartcoderError extends Error {
  readonly code: ErrorCode;
  /** Where the problem is: a file, a file and key, a manifest line. */
  readonly where?: string;

  constructor(code: ErrorCode, message: string, where?: string) {
    super(where ? `${code}: ${where}: ${message}` : `${code}: ${message}`);
    this.name = 'ChartcoderError';
    this.code = code;
    this.where = where;
  }
}

export function isChartcoderError(e: unknown): e is ChartcoderError {
  return e instanceof ChartcoderError;
}

/** A message safe to log for an unexpected error: its class and code only, never its text. */
export function describeUnexpected(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return `${e.name}${typeof code === 'string' ? ` (${code})` : ''}`;
  }
  return typeof e;
}
