/**
 * A run that OCRs a scan makes no network request: the CLI runs in a child process (worker threads and the
 * OCR engine's own thread included) with every socket, DNS lookup and fetch logged and refused.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanPages } from '../../src/bench/scan-fixtures.js';
import { packageRoot } from '../../src/contract/paths.js';

const hook = path.join(packageRoot, 'test', 'support', 'no-network.cjs');
const dir = mkdtempSync(path.join(tmpdir(), 'chartcoder-offline-'));
const log = path.join(dir, 'network.log');

function node(args: string[]) {
  return spawnSync(process.execPath, ['-r', hook, ...args], {
    cwd: dir,
    env: { ...process.env, NO_NETWORK_LOG: log },
    encoding: 'utf8',
  });
}

describe('OCR without the network', { timeout: 180_000 }, () => {
  it('the guard sees a request from a worker thread (control)', () => {
    const r = node([
      '-e',
      "new (require('node:worker_threads').Worker)('fetch(\"http://127.0.0.1:9/x\").catch(() => {})', { eval: true })",
    ]);
    expect(r.status).toBe(0);
    expect(readFileSync(log, 'utf8')).toContain('worker fetch http://127.0.0.1:9/x');
  });

  it('codes a scanned chart with no request at all', () => {
    writeFileSync(log, '');
    const text =
      'ASSESSMENT AND PLAN:\n1. Community acquired pneumonia.\n2. Type 2 diabetes mellitus without complications.';
    const scan = path.join(dir, 'fax.png');
    writeFileSync(scan, scanPages(text)[0]!);
    const r = node([
      path.join(packageRoot, 'bin', 'chartcoder.js'),
      'run',
      scan,
      '--out',
      dir,
      '--batch-id',
      'offline',
      '--quiet',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('');
    const charts = readFileSync(path.join(dir, 'offline', 'charts.csv'), 'utf8');
    expect(charts).toContain('ocr_pages');
    expect(readFileSync(path.join(dir, 'offline', 'codes.csv'), 'utf8')).toContain('E11.9');
    // tesseract.js was told not to keep a copy of the model in the working folder.
    expect(existsSync(path.join(dir, 'eng.traineddata'))).toBe(false);
  });
});
