/**
 * Model answers on disk, keyed by the hash of the rendered prompt (and the model's identity), so a
 * rerun, a resumed batch or a second batch over the same charts pays for no call twice. The raw
 * answer text is kept, not the parsed one: a cached answer is validated again like a fresh one.
 * Folder 0700, files 0600: the answers may quote chart text.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class AnswerCache {
  private ready: Promise<unknown> | undefined;

  constructor(private readonly dir: string) {}

  static key(parts: unknown): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  }

  async get(key: string): Promise<string | undefined> {
    try {
      const entry = JSON.parse(await readFile(this.file(key), 'utf8')) as { text?: unknown };
      return typeof entry.text === 'string' ? entry.text : undefined;
    } catch {
      return undefined; // absent or torn by a crash: ask again
    }
  }

  async put(key: string, text: string): Promise<void> {
    // Created on first use, never before: the batch folder must not exist until the batch opens it.
    this.ready ??= mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.ready;
    const tmp = `${this.file(key)}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, JSON.stringify({ text }), { mode: 0o600 });
    await rename(tmp, this.file(key));
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }
}
