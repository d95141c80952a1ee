/**
 * A pipeline config read as JSON with some stage options taken out, to be validated afterwards
 * (`calibrate` and `train` write the files those options name, so the files may not exist yet).
 */
import { ChartcoderError } from '../contract/errors.js';
import { readJson } from '../contract/json-file.js';
import { pipelineConfigKind } from './config.js';

export interface RawConfigWithout {
  raw: unknown;
  /** Index of each named stage in the config (-1 when absent). */
  stage: Record<string, number>;
  /** The removed options' values, by `stage.key`, when they were strings. */
  removed: Record<string, string>;
}

export function readConfigWithout(file: string, remove: { stage: string; key: string }[]): RawConfigWithout {
  const raw = readJson(file, pipelineConfigKind) as {
    stages?: { stage?: unknown; options?: Record<string, unknown> }[];
  };
  const stage: Record<string, number> = {};
  const removed: Record<string, string> = {};
  for (const r of remove) {
    const i = Array.isArray(raw?.stages) ? raw.stages.findIndex((s) => s?.stage === r.stage) : -1;
    stage[r.stage] = i;
    const options = i >= 0 ? raw.stages![i]!.options : undefined;
    if (!options || !(r.key in options)) continue;
    const value = options[r.key];
    if (typeof value !== 'string')
      throw new ChartcoderError('CONFIG_BAD_VALUE', 'expected a file path', `${file}: stages[${i}].options.${r.key}`);
    const { [r.key]: _, ...rest } = options;
    raw.stages![i] = { ...raw.stages![i]!, options: rest };
    removed[`${r.stage}.${r.key}`] = value;
  }
  return { raw, stage, removed };
}
