import type { IssueCode } from '../contract/issue-codes.js';

/** The issue codes ingest raises (the INGEST_ part of the vocabulary in contract/issue-codes.ts). */
export type IngestIssueCode = Extract<IssueCode, `INGEST_${string}`>;

/** A coded ingest failure; the runner turns it into a fatal issue on the chart. */

export class IngestError extends Error {
  constructor(
    readonly code: IngestIssueCode,
    message: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

/** Why a pipe, socket or device among the inputs is not read: listing and reading say it the same way. */
export const NOT_REGULAR_FILE = 'not a regular file (a pipe, socket or device)';
