import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contract/paths.js';
import { loadPipelineConfig } from '../../src/pipeline/config.js';
import { MAX_SETS, WarmSets, workSetKey, type WorkSet } from '../../src/pipeline/warm-sets.js';

/** The sets a warm worker thread keeps: loaded once per key, the least recently used dropped past MAX_SETS. */
const config = loadPipelineConfig('outpatient');
const charts = path.join(packageRoot, 'fixtures', 'charts');
const input = { id: 'c1', path: path.join(charts, readdirSync(charts).sort()[0]!) };
const dir = mkdtempSync(path.join(tmpdir(), 'cc-warm-sets-'));
const setOf = (key: string, batchId = 'b1'): WorkSet => ({
  key,
  configPath: config.file,
  configSha256: config.hash,
  batch: { id: batchId, dir },
  chartTimeoutMs: 60_000,
});

describe('warm sets', () => {
  it('loads a set once, codes another batch with it (its own batch id in the rows), drops the least recently used', async () => {
    const sets = new WarmSets();
    const [a] = await sets.code([input], setOf('k0', 'monday'), () => undefined);
    const [b] = await sets.code([input], setOf('k0', 'tuesday'), () => undefined);
    expect(sets.loads).toBe(1);
    // The rows name their batch; the codes are the same (timings aside, the encoded chart is byte for byte).
    const rows = (c: typeof a) => (c!.encoded as { outputs: { csv: { codeCsv: string } } }).outputs.csv.codeCsv;
    expect(rows(a)).toMatch(/^monday,c1,/);
    expect(rows(b)).toBe(rows(a).replaceAll('monday,c1,', 'tuesday,c1,'));
    for (let k = 1; k < MAX_SETS; k++) await sets.code([input], setOf(`k${k}`), () => undefined);
    expect(sets.loads).toBe(MAX_SETS);
    await sets.code([input], setOf('k0'), () => undefined); // used again: now the most recent
    await sets.code([input], setOf('new'), () => undefined); // drops k1, the least recently used
    expect(sets.loads).toBe(MAX_SETS + 1);
    await sets.code([input], setOf('k0'), () => undefined);
    expect(sets.loads).toBe(MAX_SETS + 1);
    await sets.code([input], setOf('k1'), () => undefined);
    expect(sets.loads).toBe(MAX_SETS + 2);
  });

  it('never codes with a config whose hash is not the batch’s', async () => {
    const sets = new WarmSets();
    await expect(sets.code([input], { ...setOf('x'), configSha256: 'other' }, () => undefined)).rejects.toThrow(
      /changed since the batch started/,
    );
  });

  it('keys a set by versions and store, and by batch only for stages set up per batch', () => {
    expect(workSetKey(config, 'cs1', undefined, 'b1')).toBe(workSetKey(config, 'cs1', undefined, 'b2'));
    expect(workSetKey(config, 'cs1', undefined, 'b1')).not.toBe(workSetKey(config, 'cs2', undefined, 'b1'));
    expect(workSetKey(config, 'cs1', '/store', 'b1')).not.toBe(workSetKey(config, 'cs1', undefined, 'b1'));
  });
});
