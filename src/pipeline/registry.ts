/** Every stage by the name used in its folder and in pipeline configs. */
import { applyGuidelinesStage } from '../apply-guidelines/apply-guidelines-stage.js';
import { classifyAssertionStage } from '../classify-assertion/classify-assertion-stage.js';
import { extractMentionsStage } from '../extract-mentions/extract-mentions-stage.js';
import { ingestStage } from '../ingest/ingest-stage.js';
import { mapCodesStage } from '../map-codes/map-codes-stage.js';
import { rankCodesStage } from '../rank-codes/rank-codes-stage.js';
import { scoreConfidenceStage } from '../score-confidence/score-confidence-stage.js';
import { secondOpinionStage } from '../second-opinion/second-opinion-stage.js';
import { sectionizeStage } from '../sectionize/sectionize-stage.js';
import { writeReviewBatchStage } from '../write-review-batch/write-review-batch-stage.js';
import type { AnyStage } from '../contract/stage.js';

const stages: AnyStage[] = [
  ingestStage,
  sectionizeStage,
  extractMentionsStage,
  classifyAssertionStage,
  mapCodesStage,
  rankCodesStage,
  applyGuidelinesStage,
  scoreConfidenceStage,
  secondOpinionStage,
  writeReviewBatchStage,
];

export const stageRegistry: ReadonlyMap<string, AnyStage> = new Map(stages.map((s) => [s.name, s]));
