/** Benchmark corpora: MTSamples transcriptions when ../shared/data is present, else the fixture charts repeated. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { packageRoot } from '../contract/paths.js';

export const mtsamplesFile = path.resolve(packageRoot, '..', 'shared', 'data', 'mtsamples', 'mtsamples.jsonl.gz');

export function mtsamplesTexts(): string[] | undefined {
  if (!existsSync(mtsamplesFile)) return undefined;
  return gunzipSync(readFileSync(mtsamplesFile))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => String((JSON.parse(l) as { transcription?: string }).transcription ?? ''))
    .filter((t) => t.trim().length > 0);
}

export function fixtureTexts(): string[] {
  const dir = path.join(packageRoot, 'fixtures', 'charts');
  return readdirSync(dir)
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'));
}

/** Write `count` charts cycling through `texts` into `dir`; returns the total bytes. */
export function writeCorpus(dir: string, texts: string[], count: number): number {
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const t = texts[i % texts.length]!;
    writeFileSync(path.join(dir, `chart-${String(i).padStart(6, '0')}.txt`), t);
    bytes += Buffer.byteLength(t);
  }
  return bytes;
}
