/**
 * Peak memory of a 2-worker run over hostile PDFs (`npm run bench -- hostile-pdf`): two 1 GiB stream bombs (one
 * deflated once, one twice: a few KB), a page whose image claims 60,000 × 60,000 pixels, a 30,000-page tree, beside
 * ordinary charts. Each hostile file must fail with its own issue code, the others be coded, and the process's peak
 * RSS (manifest.json `peakRssMb`, all threads) stay under 2 GB. The tests check the codes; this measures the memory.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../contract/paths.js';
import { fixtureTexts } from './corpus.js';
import { hugeImagePdf, manyPagesPdf, streamBombPdf } from './hostile-pdf.js';

const GIB = 1024 ** 3;

export async function hostilePdfBench(work: string): Promise<string[]> {
  const dir = path.join(work, 'hostile-pdf');
  mkdirSync(dir, { recursive: true });
  const files: Record<string, Buffer> = {
    'bomb-1gib.pdf': await streamBombPdf(GIB),
    'bomb-1gib-chained.pdf': await streamBombPdf(GIB, true),
    'image-60000x60000.pdf': hugeImagePdf(60_000, 60_000),
    'pages-30000.pdf': manyPagesPdf(30_000),
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
  fixtureTexts()
    .slice(0, 20)
    .forEach((t, i) => writeFileSync(path.join(dir, `note-${i}.txt`), t));
  const out = path.join(work, 'hostile-out');
  const bin = path.join(packageRoot, 'bin', 'chartcoder.js');
  try {
    execFileSync(process.execPath, [bin, 'run', dir, '--out', out, '--batch-id', 'h', '--workers', '2', '--quiet']);
  } catch (e) {
    if ((e as { status?: number }).status !== 2) throw e; // 2: the batch is complete and the hostile charts failed
  }
  const m = JSON.parse(readFileSync(path.join(out, 'h', 'manifest.json'), 'utf8'));
  const charts = readFileSync(path.join(out, 'h', 'charts.csv'), 'utf8');
  const codes = Object.keys(files).map((f) => {
    const line = charts.split('\n').find((l) => l.includes(`,${f.replace(/\.pdf$/, '')},`)) ?? '';
    return `${f} (${bytes(files[f]!.length)}): ${/INGEST_[A-Z_]+/.exec(line)?.[0] ?? 'no issue'}`;
  });
  return [
    `hostile PDFs, 2 workers: ${m.inputs.ok} ok, ${m.inputs.failed} failed of ${m.inputs.total}; peak RSS ${m.peakRssMb} MB (target < 2048)`,
    ...codes.map((c) => `  ${c}`),
  ];
}

const bytes = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`);
