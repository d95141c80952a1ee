import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { cli } from '../support/cli.js';

const charts = path.join(packageRoot, 'fixtures', 'charts');
const pipeline = JSON.parse(readFileSync(path.join(packageRoot, 'pipelines', 'outpatient.json'), 'utf8'));
const sections = JSON.parse(readFileSync(path.join(packageRoot, 'pipelines', 'rules', 'sections.json'), 'utf8'));

/** A copy of the outpatient pipeline whose sectionize rules are `rules` (a path, written beside it). */
function configWithSectionRules(dir: string, rules: string | undefined): string {
  const file = path.join(dir, 'p.json');
  if (rules !== undefined) writeFileSync(path.join(dir, 'sections.json'), rules);
  const stages = pipeline.stages.map((s: { stage: string }) =>
    s.stage === 'sectionize' ? { ...s, options: { rules: 'sections.json' } } : s,
  );
  writeFileSync(file, JSON.stringify({ ...pipeline, stages, $comment: undefined }));
  return file;
}

describe('rules files are validated before the first chart', () => {
  const badRegex = {
    ...sections,
    categories: [{ ...sections.categories[0], patterns: ['([a-z'] }, ...sections.categories.slice(1)],
  };
  for (const [what, rules] of [
    ['missing', undefined],
    ['not JSON', '{"categories": ['],
    ['a bad regex', JSON.stringify(badRegex)],
  ] as const) {
    it(`a ${what} rules file is exit 1 with a coded error naming the file, and no batch`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cc-rules-'));
      const config = configWithSectionRules(dir, rules);
      const out = path.join(dir, 'out');
      const r = await cli(['run', charts, '--out', out, '--pipeline', config, '--batch-id', 'b', '--quiet']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/CONFIG_(BAD_VALUE|NOT_FOUND|INVALID_JSON)/);
      expect(r.stderr).toContain(dir);
      expect(readdirSync(dir).sort()).toEqual(rules === undefined ? ['p.json'] : ['p.json', 'sections.json']);
    });
  }
});

describe("the stages' rules files are validated before the first chart, relative to the config", () => {
  const named = [
    ...['bareTerms', 'pcsCompose', 'abbreviations', 'medications'].map((key) => ['extract-mentions', key]),
    ...['apply-guidelines', 'score-confidence'].map((stage) => [stage, 'sectionGroups']),
  ];
  for (const [stage, key] of named) {
    it(`a ${stage} ${key} file that is not JSON is exit 1 naming the file, and no batch`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cc-rules-'));
      writeFileSync(path.join(dir, 'words.json'), '{"never": [');
      const stages = pipeline.stages.map((s: { stage: string; options?: object }) =>
        s.stage === stage ? { ...s, options: { ...s.options, [key!]: 'words.json' } } : s,
      );
      const config = path.join(dir, 'p.json');
      writeFileSync(config, JSON.stringify({ ...pipeline, stages }));
      const r = await cli([
        'run',
        charts,
        '--out',
        path.join(dir, 'out'),
        '--pipeline',
        config,
        '--batch-id',
        'b',
        '--quiet',
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/CONFIG_INVALID_JSON/);
      expect(r.stderr).toContain(path.join(dir, 'words.json'));
      expect(readdirSync(dir).sort()).toEqual(['p.json', 'words.json']);
    });
  }
});
