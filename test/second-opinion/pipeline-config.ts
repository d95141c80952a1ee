/** Write a pipeline config: a built-in one with the second-opinion stage inserted before the batch writer. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../src/contract/paths.js';

export const fakeModel = (name: string) => path.join(packageRoot, 'test', 'fixtures', 'second-opinion', name);

export function configWithSecondOpinion(options: Record<string, unknown>, base = 'outpatient'): string {
  const cfg = JSON.parse(readFileSync(path.join(packageRoot, 'pipelines', `${base}.json`), 'utf8'));
  cfg.name = `${base}-second-opinion`;
  // The copy lives elsewhere: relative paths in the built-in config (rules, calibration) must still point home.
  for (const st of cfg.stages as { options?: Record<string, unknown> }[]) {
    for (const [k, v] of Object.entries(st.options ?? {})) {
      if (typeof v === 'string' && !path.isAbsolute(v) && existsSync(path.join(packageRoot, 'pipelines', v)))
        st.options![k] = path.join(packageRoot, 'pipelines', v);
    }
  }
  cfg.stages.splice(cfg.stages.length - 1, 0, {
    stage: 'second-opinion',
    why: 'a language model looks at the rows the rules could not settle',
    options,
  });
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cc-so-cfg-')), 'pipeline.json');
  writeFileSync(file, JSON.stringify(cfg, null, 2));
  return file;
}
