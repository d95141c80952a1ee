/**
 * `<batch>/decisions.jsonl`: the coders' decisions, one JSON line each, only ever appended.
 * Crash-safe: each line is one write(2) on a file opened O_APPEND, then fsync, before the page is told
 * it is saved; a line torn by a crash is skipped when read (and counted), and the next append starts on
 * a fresh line. Two coders (two pages on one server, or two servers on one batch) lose nothing: O_APPEND
 * puts every write at the file's end, and each reader picks up the lines others appended since it last
 * looked (`refresh`), so all see the same order and the latest decision of a row wins everywhere.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, constants, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ChartcoderError } from '../contract/errors.js';
import { applyDecision, decisionSchema, type Decision, type DecisionRequest, type RowState } from './decision.js';

export const DECISIONS_FILE = 'decisions.jsonl';
/** A chart nobody decided on: one shared empty map (the work list asks for 50,000 of them). */
const NO_ROWS: ReadonlyMap<string, RowState> = new Map();

export class DecisionLog {
  readonly file: string;
  private fd: number;
  /** Bytes read so far and any line not yet ended (another process may be writing it). */
  private offset = 0;
  private partial = '';
  /** Lines that did not parse or validate (a torn write), skipped. */
  damagedLines = 0;
  readonly decisions: Decision[] = [];
  /** chart id → row key → state. */
  readonly state = new Map<string, Map<string, RowState>>();

  /** `readOnly`: for reports and gold; a batch nobody reviewed has no file, and none is created. */
  constructor(batchDir: string, opts: { readOnly?: boolean } = {}) {
    this.file = path.join(batchDir, DECISIONS_FILE);
    try {
      this.fd = opts.readOnly
        ? openSync(this.file, constants.O_RDONLY)
        : openSync(this.file, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, 0o600);
    } catch (e) {
      if (opts.readOnly && (e as NodeJS.ErrnoException).code === 'ENOENT') {
        this.fd = -1;
        return;
      }
      throw new ChartcoderError(
        'OUTPUT_NOT_WRITABLE',
        `cannot open the decisions file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
        this.file,
      );
    }
    this.refresh();
  }

  /** Read what was appended since the last look (by anyone). */
  refresh(): void {
    if (this.fd < 0) return;
    const size = fstatSync(this.fd).size;
    if (size <= this.offset) return;
    const buf = Buffer.alloc(size - this.offset);
    const n = readSync(this.fd, buf, 0, buf.length, this.offset);
    this.offset += n;
    const lines = (this.partial + buf.subarray(0, n).toString('utf8')).split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) this.take(line);
  }

  /** Append one decision and make it durable; returns it as stored. */
  append(req: DecisionRequest, coder: string): Decision {
    const decision = decisionSchema.parse({ v: 1, id: randomUUID(), at: new Date().toISOString(), coder, ...req });
    this.refresh();
    // A line torn by a crash would swallow this one: start on a fresh line.
    const torn = this.partial !== '' && this.endsTorn();
    writeSync(this.fd, `${torn ? '\n' : ''}${JSON.stringify(decision)}\n`);
    fsyncSync(this.fd);
    this.refresh();
    return decision;
  }

  rowsOf(chartId: string): ReadonlyMap<string, RowState> {
    return this.state.get(chartId) ?? NO_ROWS;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
  }

  private take(line: string): void {
    if (line.trim() === '') return;
    let parsed;
    try {
      parsed = decisionSchema.safeParse(JSON.parse(line));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      this.damagedLines++;
      return;
    }
    this.decisions.push(parsed.data);
    let rows = this.state.get(parsed.data.chart);
    if (!rows) this.state.set(parsed.data.chart, (rows = new Map()));
    applyDecision(rows, parsed.data);
  }

  /** The file's last byte is not a line end (checked on disk: `partial` may be a write still under way elsewhere). */
  private endsTorn(): boolean {
    const size = fstatSync(this.fd).size;
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    readSync(this.fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  }
}
