/**
 * score-confidence — a probability per suggestion from its features, then the status: `auto` only
 * at or above the pipeline's threshold with no flag that needs a human; everything else `review`,
 * with `low_confidence` added when the score is what held it back.
 * Requires: codes. Produces: codes[].confidence, status, flags.
 * Example: E11.40 stated in the assessment → 0.96 auto; I10 only in the history → 0.73 review (low_confidence).
 */
import { z } from 'zod';
import type { ChartStage } from '../pipeline/stage.js';
import { DEFAULT_WEIGHTS, score } from './features.js';

const options = z
  .object({
    autoThreshold: z.number().min(0).max(1).default(0.9),
  })
  .strict();

export const scoreConfidenceStage: ChartStage<z.infer<typeof options>> = {
  kind: 'chart',
  name: 'score-confidence',
  requires: ['codes'],
  produces: ['codes'],
  options,
  setup(opts) {
    return (record) => {
      for (const c of record.codes) {
        c.confidence = Math.round(score(c, DEFAULT_WEIGHTS) * 1000) / 1000;
        if (c.confidence < opts.autoThreshold) c.flags.push('low_confidence');
        c.status = c.flags.length === 0 ? 'auto' : 'review';
      }
      return record;
    };
  },
};
