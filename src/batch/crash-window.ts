/**
 * How long finished work may wait in memory in the files a resume reads (journal, CSV parts): a kill
 * loses at most this much, which the resume codes again. The batch writers flush on it; the stop-signal
 * test fault waits it out.
 */
export const CRASH_WINDOW_MS = 250;
