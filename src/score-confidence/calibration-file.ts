/**
 * The fit `chartcoder calibrate` stores beside a pipeline config (pipelines/calibration/<name>.json)
 * and score-confidence reads: a weight per feature, an optional isotonic map on top, the auto
 * threshold, and the figures that justified them. No timestamps: the same gold, code and config give
 * the same bytes, so a rerun that changes nothing shows no diff.
 */
import { z } from 'zod';
import { readJsonFile, type JsonFileKind } from '../contract/json-file.js';

const figures = z
  .object({
    ece: z.number(),
    autoRows: z.number(),
    autoPrecision: z.number(),
    goldFoundAsAuto: z.number(),
    shareOfGold: z.number(),
  })
  .strict();

export const calibrationSchema = z
  .object({
    $comment: z.string().optional(),
    pipeline: z.string(),
    method: z.enum(['logistic', 'isotonic']),
    l2: z.number().positive(),
    targetPrecision: z.number().min(0).max(1),
    /** null: no threshold reached the target on gold, so nothing is auto. */
    threshold: z.number().min(0).max(1).nullable(),
    weights: z.record(z.string(), z.number()),
    isotonic: z
      .object({ x: z.array(z.number()), y: z.array(z.number()) })
      .strict()
      .optional(),
    fittedOn: z
      .object({
        gold: z.string(),
        charts: z.number(),
        suggestions: z.number(),
        correct: z.number(),
        goldCodes: z.number(),
        folds: z.number(),
      })
      .strict(),
    figures: z.object({ prior: figures, inSample: figures, crossValidated: figures }).strict(),
  })
  .strict();

export type Calibration = z.infer<typeof calibrationSchema>;

const calibrationKind: JsonFileKind = {
  what: 'a calibration file',
  missing: 'CONFIG_NOT_FOUND',
  unreadable: 'CONFIG_INVALID_JSON',
  invalid: 'CONFIG_BAD_VALUE',
  hint: 'write one with "chartcoder calibrate --gold <folder> --pipeline <config>"',
};

export function readCalibration(file: string): Calibration {
  return readJsonFile(file, calibrationSchema, calibrationKind);
}

/** Stable text: two-space JSON, numbers rounded so float noise never shows as a diff. */
export function calibrationJson(c: Calibration): string {
  return `${JSON.stringify(c, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v), 2)}\n`;
}
