/**
 * score-confidence — a probability per suggestion from its features (features.ts), with the weights
 * `chartcoder calibrate` fitted on gold (option `calibration`, a file beside the config) or the prior
 * weights without one; then the status: `auto` only at or above the threshold and with no blocking
 * flag; everything else `review`, with `low_confidence` added when the score held it back.
 * Flags are read by prefix, so a flag another stage starts raising later blocks `auto` too, unless
 * the config lists its prefix in `informationalFlags`.
 * Evidence read by OCR with low confidence is flagged `ocr_low_confidence` here, before the scoring.
 * Requires: codes, mentions. Produces: codes[].confidence, status, flags.
 * Example (prior weights): E11.9 stated in the assessment → 0.961 auto; I10 only in the HPI → 0.6 review (low_confidence).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { CodeSuggestion } from '../contract/chart-record.js';
import { flagOcrEvidence } from '../score-confidence/ocr-evidence.js';
import type { ChartStage } from '../contract/stage.js';
import { loadSectionGroups, SHIPPED_SECTION_GROUPS } from '../contract/section-groups.js';
import { readCalibration } from './calibration-file.js';
import { recordFeatures } from '../scoring/features.js';
import { featureValues, modelFromNamed, predict, PRIOR_MODEL } from '../scoring/scorer.js';

/** Threshold without a calibration file: the prior weights put a clear assessment diagnosis above it. */
export const PRIOR_THRESHOLD = 0.9;

const options = z
  .object({
    /**
     * A calibration file written by `chartcoder calibrate`, relative to the pipeline config. Checked
     * when the config is loaded (a missing or broken file is a config error before any chart is read)
     * and recorded with its sha256, so the manifest says which fit scored the batch and --resume
     * refuses a batch whose fit changed.
     */
    calibration: z
      .string()
      .transform((file, ctx) => {
        try {
          readCalibration(file);
          return { file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
        } catch (e) {
          // the loader's message, without its own error code: the config error names the key
          const detail = e instanceof Error ? e.message.replace(/^[A-Z_]+: /, '') : 'calibration file is not valid';
          ctx.addIssue({ code: 'custom', message: detail });
          return z.NEVER;
        }
      })
      .optional(),
    /** Overrides the calibrated threshold (and the 0.9 used without calibration). */
    autoThreshold: z.number().min(0).max(1).optional(),
    /**
     * Flag prefixes that inform the coder but do not stop a row being auto. None by default: even a
     * prompt for a companion code (use_additional_code, code_first) is work a coder must do.
     */
    informationalFlags: z.array(z.string()).default([]),
    /** Conclusion, narrative and diagnosis-list sections, for the features (section-groups.json). */
    sectionGroups: z.string().default(SHIPPED_SECTION_GROUPS),
  })
  .strict();

export type ScoreConfidenceOptions = z.infer<typeof options>;

export const scoreConfidenceStage: ChartStage<ScoreConfidenceOptions> = {
  kind: 'chart',
  name: 'score-confidence',
  requires: ['codes', 'mentions'],
  produces: ['codes'],
  options,
  check(opts) {
    if (opts.calibration) readCalibration(opts.calibration.file);
    loadSectionGroups(opts.sectionGroups);
  },
  setup(opts, ctx) {
    const groups = loadSectionGroups(opts.sectionGroups);
    const fit = opts.calibration ? readCalibration(opts.calibration.file) : undefined;
    const model = fit ? modelFromNamed(fit.weights, fit.isotonic) : PRIOR_MODEL;
    const threshold = opts.autoThreshold ?? (fit ? fit.threshold : PRIOR_THRESHOLD);
    return (record) => {
      flagOcrEvidence(record);
      const xs = recordFeatures(record, ctx.codeSets, groups);
      record.codes.forEach((c, i) => {
        c.confidence = predict(model, featureValues(xs[i]!));
        const blocked = isBlocked(c, opts.informationalFlags);
        if (threshold === null || c.confidence < threshold) c.flags.push('low_confidence');
        c.status = !blocked && threshold !== null && c.confidence >= threshold ? 'auto' : 'review';
      });
      return record;
    };
  },
};

/**
 * Any flag a human must act on; informational prefixes and the scorer's own low_confidence aside. A code
 * only the learned models propose (model_only) has no evidence a rule found: it always waits for a coder.
 */
export function isBlocked(c: Pick<CodeSuggestion, 'flags'>, informational: string[]): boolean {
  return c.flags.some((f) => {
    const prefix = f.split(':')[0]!;
    return prefix === 'model_only' || (prefix !== 'low_confidence' && !informational.includes(prefix));
  });
}
