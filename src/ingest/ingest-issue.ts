/** A coded ingest failure; the runner turns it into a fatal issue on the chart. */
export type IngestIssueCode =
  | 'INGEST_EMPTY_FILE'
  | 'INGEST_UNREADABLE'
  | 'INGEST_UNSUPPORTED_TYPE'
  | 'INGEST_TOO_LARGE'
  | 'INGEST_TEXT_BINARY'
  | 'INGEST_PDF_INVALID'
  | 'INGEST_PDF_ENCRYPTED'
  | 'INGEST_PDF_TOO_MANY_PAGES'
  | 'INGEST_PDF_DECODED_TOO_LARGE'
  | 'INGEST_NO_TEXT_LAYER'
  | 'INGEST_PAGE_NO_TEXT'
  | 'INGEST_TEXT_DECODED_LATIN1'
  | 'INGEST_TEXT_TOO_LONG'
  | 'INGEST_IMAGE_INVALID'
  | 'INGEST_IMAGE_TOO_LARGE'
  | 'INGEST_OCR_PAGE_BLANK'
  | 'INGEST_OCR_PAGE_UNREADABLE'
  | 'INGEST_OCR_PAGE_TIMEOUT'
  | 'INGEST_OCR_PAGE_LIMIT'
  | 'INGEST_OCR_PAGE_TURNED';

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
