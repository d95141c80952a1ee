/**
 * sectionize — split the chart into sections by header rules (pipelines/rules/sections.json), and name the
 * chart's document type from its heading or sections (pipelines/rules/document-types.json) when the input
 * manifest gave none.
 * Requires: text. Produces: sections (and encounter.documentType).
 * Example: "PROGRESS NOTE\nHPI: …\nASSESSMENT AND PLAN: 1. HTN" → [{other}, {hpi}, {assessment_and_plan}], progress_note.
 */
import path from 'node:path';
import { z } from 'zod';
import type { ChartStage } from '../contract/stage.js';
import { pipelinesDir } from '../contract/paths.js';
import { loadDocumentTypeRules } from './document-type.js';
import { findSections } from './find-sections.js';
import { loadSectionRules } from './section-rules.js';

const options = z
  .object({
    rules: z.string().default(path.join(pipelinesDir, 'rules', 'sections.json')),
    documentTypes: z.string().default(path.join(pipelinesDir, 'rules', 'document-types.json')),
  })
  .strict();

export const sectionizeStage: ChartStage<z.infer<typeof options>> = {
  kind: 'chart',
  name: 'sectionize',
  perDocument: true,
  requires: ['text'],
  produces: ['sections'],
  options,
  check: (opts) => {
    loadSectionRules(opts.rules);
    loadDocumentTypeRules(opts.documentTypes);
  },
  setup(opts) {
    const rules = loadSectionRules(opts.rules);
    const documentTypes = loadDocumentTypeRules(opts.documentTypes);
    return (record) => {
      record.sections = findSections(record.text, rules);
      record.encounter.documentType ??= documentTypes.detect(record.text, record.sections);
      return record;
    };
  },
};
