/**
 * The review page in a real browser (playwright-core driving Debian's chromium): token, CSP, the XSS chart,
 * keyboard decisions and the decisions file, two coders at once, a server restart mid-review.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReviewSession } from '../../src/review/review-session.js';
import { CSP, startReviewServer, type RequestEvent, type ReviewServer } from '../../src/review/server.js';
import { reviewBatch, XSS_CHART } from './review-fixture.js';

const chromiumPath = (() => {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
})();

const decisionsOf = (dir: string) =>
  readFileSync(path.join(dir, 'decisions.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe.skipIf(!chromiumPath)('review page in chromium', () => {
  let browser: Browser;
  let dir: string;
  let session: ReviewSession;
  let server: ReviewServer;
  const events: RequestEvent[] = [];
  const start = async (coder = 'ana') => {
    session = await ReviewSession.open(dir);
    server = await startReviewServer({ session, coder, onRequest: (e) => events.push(e) });
  };
  const stop = async () => {
    await server.close();
    session.close();
  };
  const openChart = async (page: Page, id: string) => {
    await page.goto(`${server.url}#chart=${encodeURIComponent(id)}`);
    await page.locator('.row').first().waitFor();
  };

  beforeAll(async () => {
    dir = await reviewBatch();
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    await start();
  });
  afterAll(async () => {
    await browser?.close();
    await stop();
  });

  it('refuses requests without the token, and serves the page with a strict CSP', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    for (const p of ['/', '/index.html', '/assets/app.js', '/api/worklist', `/${'x'.repeat(43)}/api/worklist`])
      expect((await fetch(base + p)).status).toBe(401);
    const ok = await fetch(server.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CSP);
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toContain('unsafe');
    const rebound = await new Promise<number>((resolve, reject) => {
      request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: `/${server.token}/api/worklist`,
          headers: { host: 'evil.example' },
        },
        (res) => resolve(res.statusCode!),
      )
        .on('error', reject)
        .end();
    });
    expect(rebound).toBe(421);
  });

  it('shows the work list by priority and the XSS chart as text', async () => {
    const page = await browser.newPage();
    const offsite: string[] = [];
    page.on('request', (r) => !r.url().startsWith(`http://127.0.0.1:${server.port}/`) && offsite.push(r.url()));
    await page.goto(server.url);
    await page.locator('table.work tbody tr').first().waitFor();
    const priorities = await page.locator('table.work tbody tr td:first-child').allTextContents();
    expect(priorities.length).toBe(4);
    expect(priorities.map(Number)).toEqual([...priorities.map(Number)].sort((a, b) => b - a));
    await openChart(page, XSS_CHART);
    const text = await page.locator('.text').textContent();
    expect(text).toContain('<script>window.__xss = 1</script>');
    expect(text).toContain('<img src=x onerror="window.__xss = 2">');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('.text script, .text img').count()).toBe(0);
    expect(offsite).toEqual([]);
    await page.close();
  });

  it('accepts, rejects, changes and adds from the keyboard into decisions.jsonl', async () => {
    const page = await browser.newPage();
    await openChart(page, XSS_CHART);
    const codes = await page.locator('.row .code').allTextContents();
    expect(codes.length).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('a'); // accept row 1, cursor moves to row 2
    await page.locator('.row').nth(0).locator('.decision.accept').waitFor();
    await page.keyboard.press('r');
    await page.keyboard.press('2'); // negated_or_ruled_out
    await page.locator('.row').nth(1).locator('.decision.reject').waitFor();
    await page.keyboard.press('k');
    await page.keyboard.press('c');
    await page.locator('dialog input[data-role=code-query]').fill('E11.65');
    await page.locator('dialog li', { hasText: 'E11.65' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.row').nth(1).locator('.decision.change').waitFor();
    // add a code with chart text as its evidence
    await page.evaluate(() => {
      const span = [...document.querySelectorAll('.text span')].find((s) => s.textContent!.includes('ampersands'))!;
      const node = span.firstChild!;
      const i = node.textContent!.indexOf('ampersands');
      const r = document.createRange();
      r.setStart(node, i);
      r.setEnd(node, i + 'ampersands'.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(r);
    });
    await page.keyboard.press('s');
    await page.locator('dialog input[data-role=code-query]').fill('E78.5');
    await page.locator('dialog li').first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.row .badge', { hasText: 'added' }).waitFor();
    const d = decisionsOf(dir).filter((x) => x.chart === XSS_CHART);
    expect(d.map((x) => x.action)).toEqual(['accept', 'reject', 'change', 'add']);
    expect(d[0]).toMatchObject({ coder: 'ana', code: codes[0] });
    expect(d[1]).toMatchObject({ code: codes[1], reason: 'negated_or_ruled_out' });
    expect(d[2]).toMatchObject({ code: codes[1], newCode: 'E11.65' });
    const chartText = (await session.chart(XSS_CHART)).text!.text;
    expect(d[3]).toMatchObject({ system: 'icd10cm', code: 'E78.5' });
    expect(chartText.slice(d[3].start, d[3].end)).toBe('ampersands');
    await page.close();
  });

  it("keeps both coders' decisions when two pages decide at once", async () => {
    const [a, b] = await Promise.all([browser.newContext(), browser.newContext()]);
    const [pa, pb] = await Promise.all([a.newPage(), b.newPage()]);
    const chart = 'consult-cardiology-afib';
    await Promise.all([openChart(pa, chart), openChart(pb, chart)]);
    const n = await pa.locator('.row').count();
    await pb.keyboard.press('j');
    await Promise.all([pa.keyboard.press('a'), pb.keyboard.press('a')]);
    await Promise.all([
      pa.locator('.decision.accept').nth(0).waitFor(),
      pb.locator('.decision.accept').nth(0).waitFor(),
    ]);
    await pb.waitForTimeout(50);
    const mine = decisionsOf(dir).filter((x) => x.chart === chart);
    expect(mine.length).toBe(2);
    expect(new Set(mine.map((x) => x.code)).size).toBe(2);
    expect(n).toBeGreaterThan(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('goes on after a server restart with every decision kept', async () => {
    const before = decisionsOf(dir).length;
    const oldUrl = server.url;
    await stop();
    await start('ben');
    expect(server.url).not.toBe(oldUrl); // a new token each start
    const page = await browser.newPage();
    await openChart(page, XSS_CHART);
    expect(await page.locator('.row .decision.accept, .row .decision.reject, .row .decision.change').count()).toBe(2);
    expect(await page.locator('.row .badge', { hasText: 'added' }).count()).toBe(1);
    await page.keyboard.press('u'); // undo row 1's accept
    await page.locator('.row').nth(0).locator('.decision', { hasText: 'undecided' }).waitFor();
    const after = decisionsOf(dir);
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ action: 'clear', coder: 'ben' });
    await page.close();
  });

  it('never reports chart text in its request log', () => {
    expect(events.length).toBeGreaterThan(10);
    const log = JSON.stringify(events);
    for (const words of ['metformin', 'xss', 'hypertension', 'diabetes'])
      expect(log.toLowerCase()).not.toContain(words);
  });
});
