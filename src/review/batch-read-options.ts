/**
 * How the review page reads a batch's charts: with the ingest options the batch was coded with (manifest.json
 * records the resolved pipeline config, defaults filled in), so OCR renders and recognizes a scanned page as
 * the batch did and the evidence offsets land on the same words. A batch that does not record them (an
 * older chartcoder, a hand-edited manifest, options this version does not know) is read with the defaults,
 * and `unknown` says why: the page then warns on every scanned chart.
 */
import { z } from 'zod';
import { ocrOptions } from '../ingest/ocr-options.js';
import { DEFAULT_MAX_CHARS, type ReadLimits } from '../ingest/read-chart.js';

export interface BatchReadOptions {
  limits: ReadLimits;
  /** Why the batch's own OCR options are not used; absent when they are. */
  unknown?: string;
}

/** Generous size limits: the batch already accepted the file; these only guard against a file grown since. */
const SIZE = { maxBytes: 512 * 1024 * 1024, maxPages: 100_000, maxChars: DEFAULT_MAX_CHARS };

const ingestOptions = z.object({ ocr: ocrOptions, maxChars: z.number().int().positive().optional() }).passthrough();
const manifestShape = z.object({
  pipeline: z.object({
    config: z.object({ stages: z.array(z.object({ stage: z.string(), options: z.unknown() }).passthrough()) }),
  }),
});

/** `manifest`: already read (batch-index.ts); a shape this version does not know is a warning, not an error. */
export function batchReadOptions(manifest: unknown): BatchReadOptions {
  const m = manifestShape.safeParse(manifest);
  if (!m.success) return { limits: SIZE, unknown: 'the batch does not record its pipeline config' };
  const ingest = m.data.pipeline.config.stages.find((s) => s.stage === 'ingest');
  const o = ingestOptions.safeParse(ingest?.options);
  if (!o.success) return { limits: SIZE, unknown: 'the batch does not record OCR options this version reads' };
  // maxChars shapes the text no more than the file does (it only refuses), so the batch's own is kept too.
  return { limits: { ...SIZE, ocr: o.data.ocr, maxChars: Math.max(o.data.maxChars ?? 0, SIZE.maxChars) } };
}
