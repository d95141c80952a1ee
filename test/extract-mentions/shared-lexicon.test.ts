/**
 * The lexicon's tables as another thread receives them (a structured clone through a message port, as between
 * worker threads) are the same memory, not a copy, and a lexicon attached to them finds what a lexicon built on
 * this thread finds: the same mentions, codes and offsets on every fixture chart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { loadCodeSets } from '../../src/code-systems/registry.js';
import {
  attachLexicon,
  buildLexicon,
  buildLexiconTables,
  type LexiconTables,
} from '../../src/extract-mentions/lexicon.js';
import { findMentions } from '../../src/extract-mentions/extract-mentions-stage.js';
import { findSections } from '../../src/sectionize/find-sections.js';
import { loadSectionRules } from '../../src/sectionize/section-rules.js';
import { loadBareTerms } from '../../src/extract-mentions/bare-terms.js';
import { loadAbbreviations } from '../../src/extract-mentions/abbreviations.js';

const rules = path.join(packageRoot, 'pipelines', 'rules');
const sectionRules = loadSectionRules(path.join(rules, 'sections.json'));
const abbreviations = loadAbbreviations(path.join(rules, 'abbreviations.json'));
const bare = loadBareTerms(path.join(rules, 'bare-terms.json'));
const codeSets = loadCodeSets(['icd10cm', 'icd10pcs', 'cpt', 'hcpcs']);
const charts = path.join(packageRoot, 'fixtures', 'charts');
const texts = readdirSync(charts)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(path.join(charts, f), 'utf8'));

/** What another thread is handed: the tables through a port. */
async function handedOver(tables: LexiconTables): Promise<LexiconTables> {
  const { port1, port2 } = new MessageChannel();
  const received = new Promise<LexiconTables>((resolve) => port2.once('message', resolve));
  port1.postMessage(tables);
  const out = await received;
  port1.close();
  port2.close();
  return out;
}

const typedArrays = (o: unknown): ArrayBufferView[] =>
  ArrayBuffer.isView(o) ? [o] : typeof o === 'object' && o !== null ? Object.values(o).flatMap(typedArrays) : [];

describe('shared lexicon tables', () => {
  it('reach another thread as the same shared memory, not a copy', async () => {
    const tables = buildLexiconTables(codeSets);
    const mine = typedArrays(tables);
    const theirs = typedArrays(await handedOver(tables));
    expect(theirs.length).toBe(mine.length);
    expect(mine.length).toBeGreaterThan(20);
    for (const [i, view] of theirs.entries()) {
      expect(view.buffer).toBeInstanceOf(SharedArrayBuffer);
      // Shared: a byte written through one view is read through the other (a throwaway build, so no harm).
      const a = new Uint8Array(mine[i]!.buffer, mine[i]!.byteOffset, mine[i]!.byteLength);
      const b = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
      if (a.length === 0) continue;
      a[0] = (a[0]! + 1) & 0xff;
      expect(b[0]).toBe(a[0]);
    }
  });

  it.each([
    ['as shipped', false],
    ['with bare terms and stemmed variants', true],
  ])('give the same mentions as a lexicon built on this thread, on every fixture chart (%s)', async (_, variants) => {
    const args = [codeSets, codeSets.systems, variants ? bare : undefined, variants] as const;
    const local = buildLexicon(...args);
    const attached = attachLexicon(await handedOver(buildLexiconTables(...args)));
    expect(attached.terms).toBe(local.terms);
    expect(attached.vocabulary()).toEqual(local.vocabulary());
    let mentions = 0;
    for (const text of texts) {
      const record = { text, sections: findSections(text, sectionRules) };
      const want = findMentions(record, local, abbreviations);
      expect(findMentions(record, attached, abbreviations)).toEqual(want);
      mentions += want.length;
    }
    expect(mentions).toBeGreaterThan(200);
  });
});
