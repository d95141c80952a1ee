/**
 * sectionize — split the chart into sections by header rules (pipelines/rules/sections.json).
 * Requires: text. Produces: sections.
 * Example: "HPI: …\nASSESSMENT AND PLAN: 1. HTN" → [{hpi}, {assessment_and_plan}].
 */
import path from 'node:path';
import { z } from 'zod';
import type { ChartStage } from '../contract/stage.js';
import { pipelinesDir } from '../contract/paths.js';
import { findSections } from './find-sections.js';
import { loadSectionRules } from './section-rules.js';

const options = z.object({ rules: z.string().default(path.join(pipelinesDir, 'rules', 'sections.json')) }).strict();

export const sectionizeStage: ChartStage<z.infer<typeof options>> = {
  kind: 'chart',
  name: 'sectionize',
  perDocument: true,
  requires: ['text'],
  produces: ['sections'],
  options,
  check: (opts) => void loadSectionRules(opts.rules),
  setup(opts) {
    const rules = loadSectionRules(opts.rules);
    return (record) => {
      record.sections = findSections(record.text, rules);
      return record;
    };
  },
};
