/** review-index.json: built once, owner-only, read back the same, rebuilt when a batch file changes or it is damaged. */
import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartRows, indexBatch } from '../../src/review/batch-index.js';
import { INDEX_CACHE_FILE } from '../../src/review/index-cache.js';
import { ReviewSession } from '../../src/review/review-session.js';
import { reviewBatch } from './review-fixture.js';

describe('review index cache', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await reviewBatch(undefined, {}, ['csv', 'jsonl']);
  });

  it('is written owner-only by the review server and read back to the same entries', async () => {
    const built = await indexBatch(dir);
    expect(built.from).toBe('batch');
    const session = await ReviewSession.open(dir);
    session.close();
    const file = path.join(dir, INDEX_CACHE_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain('metformin'); // ids, counts and flags only, no chart text
    const cached = await indexBatch(dir);
    expect(cached.from).toBe('cache');
    expect(cached.charts).toEqual(built.charts);
    expect(cached.charts.length).toBe(4);
    const withRows = cached.charts.filter((c) => c.rows);
    expect(withRows.length).toBeGreaterThan(0);
    for (const c of withRows) expect(chartRows(c).length).toBe(c.codes);
    expect(cached.charts.every((c) => c.mentions)).toBe(true);
  });

  it('on a new batch, serves the first page of the work list before the rows are indexed, then fills them in', async () => {
    const file = path.join(dir, INDEX_CACHE_FILE);
    rmSync(file);
    const full = await indexBatch(dir);
    const s = await ReviewSession.open(dir, { background: true });
    try {
      expect(s.index.indexing).toBe(true); // charts.csv read; codes.csv not yet
      const first = s.workList({ offset: 0, limit: 2 });
      expect(first.indexing).toBe(true);
      expect(first.total).toBe(4);
      // the order and counts come from charts.csv: the same as the full index
      expect(first.items.map((i) => `${i.id} ${i.codes} ${i.review}`)).toEqual(
        full.charts.slice(0, 2).map((c) => `${c.id} ${c.codes} ${c.review}`),
      );
      expect(existsSync(file)).toBe(false);
      const view = await s.chart(full.charts[0]!.id, false); // waits for the rows
      expect(view.rows.length).toBe(full.charts[0]!.codes);
      await s.index.ready;
      expect(s.index.indexing).toBe(false);
      expect(s.index.charts).toEqual(full.charts);
      expect(s.workList({ offset: 0, limit: 2 }).facets.flags).toContain('low_confidence');
      expect(existsSync(file)).toBe(true);
    } finally {
      s.close();
    }
  });

  it('is rebuilt when it is damaged or a batch file changed', async () => {
    const file = path.join(dir, INDEX_CACHE_FILE);
    writeFileSync(file, '{"version":3,"sources":');
    expect((await indexBatch(dir, { writeCache: true })).from).toBe('batch');
    expect((await indexBatch(dir)).from).toBe('cache');
    const cache = JSON.parse(readFileSync(file, 'utf8'));
    cache.strings = [];
    writeFileSync(file, JSON.stringify(cache));
    expect((await indexBatch(dir)).from).toBe('batch');
    await indexBatch(dir, { writeCache: true });
    const t = new Date(Date.now() + 5000);
    utimesSync(path.join(dir, 'codes.csv'), t, t);
    expect((await indexBatch(dir)).from).toBe('batch');
  });

  it('lists the mentions the pipeline did not code, with their assertion, from codes.jsonl', async () => {
    const session = await ReviewSession.open(dir);
    try {
      const view = await session.chart('ed-chest-pain-ruled-out');
      expect(view.uncoded).toBeDefined();
      const negated = view.uncoded!.filter((m) => m.assertion === 'negated' || m.assertion === 'uncertain');
      expect(negated.length).toBeGreaterThan(0);
      const text = view.text!.text;
      for (const m of view.uncoded!) expect(text.slice(m.start, m.end).length).toBe(m.end - m.start);
      const evidence = new Set(view.rows.flatMap((r) => r.evidence.map((e) => `${e.start}-${e.end}`)));
      expect(view.uncoded!.some((m) => !evidence.has(`${m.start}-${m.end}`))).toBe(true);
    } finally {
      session.close();
    }
  });
});
