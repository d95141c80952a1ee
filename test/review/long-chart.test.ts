/**
 * A long chart in chromium: its text is drawn lazily (far blocks stay empty until needed), clicking a row whose
 * evidence is at the end draws that block and scrolls its mark into view, and the mentions the pipeline did not
 * code are listed and marked.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReviewSession, type ChartView } from '../../src/review/review-session.js';
import { startReviewServer, type ReviewServer } from '../../src/review/server.js';
import { reviewBatch } from './review-fixture.js';

const chromiumPath = (() => {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
})();

const LONG = 'long-ed-note';
const NOTE = readFileSync('fixtures/charts/ed-chest-pain-ruled-out.txt', 'utf8');

describe.skipIf(!chromiumPath)('a long chart in chromium', () => {
  let browser: Browser;
  let session: ReviewSession;
  let server: ReviewServer;
  let view: ChartView;

  beforeAll(async () => {
    const dir = await reviewBatch(
      [],
      { [`${LONG}.txt`]: Array.from({ length: 120 }, (_, i) => `VISIT ${i + 1}\n${NOTE}`).join('\n') },
      ['csv', 'jsonl'],
    );
    session = await ReviewSession.open(dir);
    view = await session.chart(LONG);
    server = await startReviewServer({ session, coder: 'ana' });
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    session?.close();
  });

  it('draws only the blocks near the view, and the block of evidence a row jumps to', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}#chart=${LONG}`);
    await page.locator('.row').first().waitFor();
    const evidence = view.rows.flatMap((r) => r.evidence.map((e) => ({ key: r.key, ...e })));
    const last = evidence.reduce((a, b) => (b.start > a.start ? b : a));
    expect(last.start).toBeGreaterThan(view.text!.text.length * 0.9);
    const blocks = await page.locator('.text .block').count();
    expect(blocks).toBeGreaterThan(50);
    const drawnMarks = await page.locator('.text mark:not(.uncoded)').count();
    expect(drawnMarks).toBeLessThan(evidence.length / 2);
    expect(await page.locator(`.text mark[data-s="${last.start}"]`).count()).toBe(0);
    await page.locator(`.row[data-key="${last.key}"]`).click();
    // the row may have earlier evidence: Enter goes on to its next place until the last one is shown
    const row = view.rows.find((r) => r.key === last.key)!;
    for (let i = 1; i < row.evidence.findIndex((e) => e.start === last.start) + 1; i++)
      await page.keyboard.press('Enter');
    const target = page.locator(`.text mark[data-s="${last.start}"]`);
    await target.waitFor();
    expect(await target.textContent()).toBe(view.text!.text.slice(last.start, last.end));
    expect(await target.getAttribute('class')).toContain('current');
    await expect
      .poll(() =>
        target.evaluate((m) => {
          const box = m.getBoundingClientRect();
          const pane = m.closest('.text')!.getBoundingClientRect();
          return box.top >= pane.top && box.bottom <= pane.bottom;
        }),
      )
      .toBe(true);
    await page.close();
  });

  it('lists the mentions left uncoded with their assertion and marks them in the text', async () => {
    const uncoded = view.uncoded!;
    const negated = uncoded.filter((m) => m.assertion === 'negated');
    expect(negated.length).toBeGreaterThan(0);
    const page = await browser.newPage();
    await page.goto(`${server.url}#chart=${LONG}`);
    await page.locator('.row').first().waitFor();
    expect(await page.locator('.uncoded-list .mention').count()).toBe(uncoded.length);
    const first = negated[0]!;
    const i = uncoded.indexOf(first);
    const item = page.locator(`.uncoded-list .mention[data-key="uncoded:${i}"]`);
    expect(await item.textContent()).toContain('negated');
    expect(await item.textContent()).toContain(view.text!.text.slice(first.start, first.end));
    await item.click();
    const mark = page.locator(`.text mark.uncoded.negated[data-keys~="uncoded:${i}"]`).first();
    await mark.waitFor();
    expect(await mark.textContent()).toBe(view.text!.text.slice(first.start, first.end));
    await page.close();
  });
});
