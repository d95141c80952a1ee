/**
 * The per-chart issue vocabulary: every code chartcoder writes in charts.csv `issue_codes` (and in
 * codes.jsonl `issues`, the FHIR OperationOutcome), with one line on what it means and how severe it is.
 * An issue's `code` has this type, so a code that is not listed here does not compile; README's table of
 * issue codes is checked against this list, row for row (test/contract/issue-codes.test.ts), so a new
 * code is added here first. Errors that stop a whole run have their own codes (errors.ts).
 */
export const ISSUE_CODES = {
  INGEST_EMPTY_FILE: 'fatal: the file has zero bytes or only white space',
  INGEST_UNREADABLE: 'fatal: the file cannot be read (permissions, missing, deleted before a resume)',
  INGEST_UNSUPPORTED_TYPE:
    'fatal: not a PDF, a page image (`.tif`, `.png`, `.jpg`) or text (`.txt`, `.text`, `.note`, `.asc`, no extension), or not a regular file (a named pipe, socket or device)',
  INGEST_TOO_LARGE: 'fatal: the file is larger than `maxBytes`',
  INGEST_TEXT_BINARY: 'fatal: a text file with binary content (NUL bytes, or a UTF-8 byte order mark on other bytes)',
  INGEST_PDF_INVALID: 'fatal: a corrupt or truncated PDF, or not a PDF',
  INGEST_PDF_ENCRYPTED: 'fatal: the PDF is password protected',
  INGEST_PDF_TOO_MANY_PAGES: 'fatal: more pages than `maxPages`',
  INGEST_PDF_DECODED_TOO_LARGE: "fatal: the PDF's streams decode to more than `maxDecodedBytes`",
  INGEST_NO_TEXT_LAYER: 'fatal: a scanned PDF or an image, and OCR is off',
  INGEST_TEXT_TOO_LONG: 'fatal: the text is longer than `maxChars`',
  INPUT_NAME_NOT_UTF8: 'fatal: a file or folder name in another encoding than UTF-8: rename it',
  INGEST_PAGE_NO_TEXT: 'warning: some pages are scanned and OCR is off; those pages are not coded',
  INGEST_IMAGE_INVALID:
    'fatal: a damaged PNG, JPEG or TIFF; a warning naming the pages when only some page images cannot be read',
  INGEST_IMAGE_TOO_LARGE: 'warning naming the pages (fatal when no page gave text): a page image above `ocr.maxPixels`',
  INGEST_OCR_PAGE_UNREADABLE: 'warning naming the pages (fatal when no page gave text): OCR found noise or a photo',
  INGEST_OCR_PAGE_TIMEOUT:
    'warning naming the pages (fatal when no page gave text): OCR of a page took longer than `ocr.pageTimeoutMs`',
  INGEST_OCR_PAGE_LIMIT: 'warning: pages past `ocr.maxPages` are not read',
  INGEST_OCR_PAGE_BLANK: 'info naming the pages: blank pages (fatal when every page is blank)',
  INGEST_OCR_PAGE_TURNED: 'info naming the pages: pages read upside down or sideways',
  INGEST_TEXT_DECODED_LATIN1: 'info: the text was not UTF-8 and was read as Latin-1',
  INPUT_DUPLICATE_ID: 'fatal: an earlier input has the same chart id',
  INPUT_ENCOUNTER_MISMATCH: 'fatal: documents of one encounter disagree on encounter type, date of service or patient',
  ENCOUNTER_DOCUMENT_FAILED: 'warning: another document of the encounter failed; the encounter is coded from the rest',
  INPUT_MANIFEST_ROW_INVALID: 'fatal: the manifest row is malformed (the message names the line and the cell)',
  STAGE_FAILED: 'fatal: an internal error in a stage on that chart; the batch goes on',
  CHART_TIMEOUT: 'fatal: the chart took longer than `--chart-timeout`',
  WORKER_FAILED: 'fatal: the worker thread coding the chart died',
  CHART_MEMORY_LIMIT: 'fatal: the chart needed more than `--worker-memory`',
  CHART_WORKER_CRASH: 'fatal: with `--queue`, the chart killed `--chart-attempts` worker processes: code it by hand',
  CODESET_VERSION_NOT_FOUND: "fatal: `--code-store` has no release in force on the chart's date of service",
  CODESET_DATE_OUTSIDE_RELEASES:
    "warning: no imported release is in force on the chart's date of service: coded with the nearest",
  CODESET_INVALID: "fatal: the release in force on the chart's date of service cannot be read: re-import it",
} as const;

export type IssueCode = keyof typeof ISSUE_CODES;

/** Whether `code` (an error's code, a string read back from a file) is an issue code. */
export function isIssueCode(code: string): code is IssueCode {
  return Object.hasOwn(ISSUE_CODES, code);
}
