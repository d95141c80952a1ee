/** A small coded batch for the review tests: fixture charts plus a chart whose text is HTML (the XSS chart). */
import { mkdtempSync, mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBatch } from '../../src/pipeline/run-batch.js';
import { loadPipelineConfig } from '../../src/pipeline/config.js';
import { listInputs } from '../../src/ingest/list-inputs.js';
import type { FormatName } from '../../src/write-review-batch/output-format.js';

export const XSS_CHART = 'xss-note';
export const XSS_TEXT = `ASSESSMENT:
1. Type 2 diabetes mellitus without complications. <script>window.__xss = 1</script>
2. Essential hypertension. <img src=x onerror="window.__xss = 2"> and "quotes" & ampersands.
PLAN: continue metformin.
`;

/** `extra`: more charts by file name and text; `formats`: the batch's outputs (default CSV). */
export async function reviewBatch(
  charts = ['consult-cardiology-afib.txt', 'ed-chest-pain-ruled-out.txt', 'dc-chf-exacerbation.txt'],
  extra: Record<string, string> = {},
  formats?: FormatName[],
): Promise<string> {
  const root = mkdtempSync(path.join(tmpdir(), 'review-'));
  const input = path.join(root, 'charts');
  mkdirSync(input);
  for (const c of charts) copyFileSync(path.join('fixtures', 'charts', c), path.join(input, c));
  writeFileSync(path.join(input, `${XSS_CHART}.txt`), XSS_TEXT);
  for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(input, name), text);
  const result = await runBatch({
    config: loadPipelineConfig('outpatient'),
    inputs: listInputs([input]),
    outDir: path.join(root, 'out'),
    batchId: 'rb',
    workers: 0,
    ...(formats ? { formats } : {}),
  });
  return result.dir;
}
