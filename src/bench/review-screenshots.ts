/**
 * The README's screenshots of the review page, drawn again from the fixture charts (`npm run bench --
 * review-screenshots`): the work list (with its filters), the chart view of consult-cardiology-afib after a
 * coder accepted the ECG and rejected the atrial fibrillation, and the same chart scrolled to the mentions not
 * coded. In Debian's chromium (apt) through the dev dependency playwright-core, 1280×720, into docs/. Chart
 * text here is the fixtures' own (synthetic), never a real chart.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageRoot } from '../contract/paths.js';
import { listInputs } from '../ingest/list-inputs.js';
import { loadPipelineConfig } from '../pipeline/config.js';
import { runBatch } from '../pipeline/run-batch.js';
import { ReviewSession } from '../review/review-session.js';
import { startReviewServer } from '../review/server.js';

const CHART = 'consult-cardiology-afib';

export async function reviewScreenshots(): Promise<string[]> {
  const chromium = (() => {
    try {
      return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  })();
  if (!chromium) return ['review screenshots: skipped (no chromium; apt-get install chromium)'];
  const work = mkdtempSync(path.join(tmpdir(), 'review-shots-'));
  const docs = path.join(packageRoot, 'docs');
  try {
    const batch = await runBatch({
      config: loadPipelineConfig('outpatient'),
      inputs: listInputs([path.join(packageRoot, 'fixtures', 'charts')]),
      outDir: work,
      batchId: 'b1',
      workers: 0,
      formats: ['csv', 'jsonl', 'text'],
    });
    const session = await ReviewSession.open(batch.dir);
    session.decide({ chart: CHART, system: 'cpt', code: '93000', action: 'accept' }, 'maria');
    session.decide(
      { chart: CHART, system: 'icd10cm', code: 'I48.91', action: 'reject', reason: 'not_documented' },
      'maria',
    );
    const server = await startReviewServer({ session, coder: 'maria' });
    const { chromium: browserType } = await import('playwright-core');
    const browser = await browserType.launch({ executablePath: chromium, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(server.url);
      await page.locator('table.work tbody tr').first().waitFor();
      await page.waitForFunction(() => !document.querySelector('[data-role=indexing]'));
      await page.screenshot({ path: path.join(docs, 'review-work-list.png') });
      await page.evaluate((h) => void (location.hash = h), `#chart=${encodeURIComponent(CHART)}`);
      await page.locator('.text mark').first().waitFor();
      const row = page.locator('.row', { hasText: 'Z82.49' });
      await row.click();
      await page.locator('.row.current').waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(docs, 'review-chart.png') });
      await page.locator('.uncoded-list').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(docs, 'review-not-coded.png') });
    } finally {
      await browser.close();
      await server.close();
      session.close();
    }
    return [`review screenshots: docs/review-work-list.png, docs/review-chart.png, docs/review-not-coded.png`];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
