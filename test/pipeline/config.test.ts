import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChartcoderError } from '../../src/contract/errors.js';
import { loadPipelineConfig } from '../../src/pipeline/config.js';
import { pipelinesDir } from '../../src/contract/paths.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cc-config-'));
const base = () => JSON.parse(readFileSync(path.join(pipelinesDir, 'outpatient.json'), 'utf8'));
const write = (name: string, cfg: unknown) => {
  const p = path.join(dir, name);
  writeFileSync(p, typeof cfg === 'string' ? cfg : JSON.stringify(cfg));
  return p;
};
const errorOf = (p: string) => {
  try {
    loadPipelineConfig(p);
  } catch (e) {
    if (e instanceof ChartcoderError) return { code: e.code, where: e.where };
    throw e;
  }
  return undefined;
};

describe('loadPipelineConfig', () => {
  it('loads both built-in pipelines by name, with defaults filled in and a stable hash', () => {
    const out = loadPipelineConfig('outpatient');
    const inp = loadPipelineConfig('inpatient');
    expect(out.encounterType).toBe('outpatient');
    expect(inp.encounterType).toBe('inpatient');
    expect(out.stages.map((s) => s.stage.name)).toEqual([
      'ingest',
      'sectionize',
      'extract-mentions',
      'classify-assertion',
      'map-codes',
      'apply-guidelines',
      'score-confidence',
      'write-review-batch',
    ]);
    expect(out.hash).toBe(loadPipelineConfig('outpatient').hash);
    expect(out.hash).not.toBe(inp.hash);
  });

  it('names the file and key of an unknown stage', () => {
    const cfg = base();
    cfg.stages[1].stage = 'sectionise';
    const p = write('unknown-stage.json', cfg);
    expect(errorOf(p)).toEqual({ code: 'CONFIG_UNKNOWN_STAGE', where: `${p}: stages[1].stage` });
  });

  it('names the file and key of an unknown option', () => {
    const cfg = base();
    cfg.stages[6].options = { autoThreshold: 0.9, autoThreshhold: 0.8 };
    const p = write('unknown-option.json', cfg);
    expect(errorOf(p)).toEqual({ code: 'CONFIG_UNKNOWN_OPTION', where: `${p}: stages[6].options.autoThreshhold` });
  });

  it('names the file and key of a bad value', () => {
    const cfg = base();
    cfg.stages[6].options = { autoThreshold: 1.5 };
    const p = write('bad-value.json', cfg);
    expect(errorOf(p)).toEqual({ code: 'CONFIG_BAD_VALUE', where: `${p}: stages[6].options.autoThreshold` });
    const top = base();
    top.encounterType = 'emergency';
    const q = write('bad-top.json', top);
    expect(errorOf(q)).toEqual({ code: 'CONFIG_BAD_VALUE', where: `${q}: encounterType` });
  });

  it('rejects a stage order that cannot work and a config that is not JSON', () => {
    const cfg = base();
    [cfg.stages[1], cfg.stages[2]] = [cfg.stages[2], cfg.stages[1]];
    const p = write('order.json', cfg);
    expect(errorOf(p)).toEqual({ code: 'CONFIG_STAGE_ORDER', where: `${p}: stages[1]` });
    expect(errorOf(write('broken.json', '{ "name": '))?.code).toBe('CONFIG_INVALID_JSON');
    expect(errorOf(path.join(dir, 'nope.json'))?.code).toBe('CONFIG_NOT_FOUND');
  });

  it('resolves relative rule paths against the config file', () => {
    const cfg = base();
    cfg.stages[1].options = { rules: 'my-sections.json' };
    const p = write('relative.json', cfg);
    writeFileSync(
      path.join(dir, 'my-sections.json'),
      JSON.stringify({ categories: [{ category: 'assessment', patterns: ['assessment'] }] }),
    );
    const loaded = loadPipelineConfig(p);
    expect(loaded.stages[1]!.options).toMatchObject({ rules: path.join(dir, 'my-sections.json') });
  });
});
