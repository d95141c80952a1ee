/**
 * The OCR engine of this thread: one tesseract.js worker, created at the first scanned page and reused for
 * every page after it (creating one costs about a second and 100 MB), never created in a batch without scans.
 * The English model comes from the npm package `@tesseract.js-data/eng` on disk: `langPath` points at its
 * folder and `cacheMethod: 'none'` keeps tesseract.js from writing or reading a copy in the working folder.
 * Without `langPath` tesseract.js would download the model, which chartcoder never allows.
 */
import path from 'node:path';
import english from '@tesseract.js-data/eng';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';

/** One recognized word: its text, confidence (0-100) and where it starts a new line or paragraph. */
export interface OcrWord {
  text: string;
  confidence: number;
  /** 0: same line as the word before; 1: a new line; 2: a new paragraph or block. */
  brk: 0 | 1 | 2;
}

/** The integer-quantized "best" LSTM model: as accurate as best, faster to load than the 4.0.0 (legacy + LSTM) file. */
const MODEL_DIR = '4.0.0_best_int';
/** The package's own `langPath` names its 4.0.0 folder; the int-quantized model sits beside it. */
const langPath = path.join(path.dirname(english.langPath), MODEL_DIR);

let engine: Promise<Worker> | undefined;
let idle: NodeJS.Timeout | undefined;
/**
 * A thread's engine keeps its process alive (it is a worker thread of its own). Worker pools stop it with the
 * thread, and `closeRecognizer` stops it at the end of an in-process run; past this idle time it stops by itself,
 * so a library caller that coded one scan is not kept waiting at exit.
 */
const IDLE_MS = 30_000;

function start(): Promise<Worker> {
  const created = createWorker('eng', OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none' }).then(async (w) => {
    // Automatic page segmentation: charts mix headers, columns of labels and paragraphs.
    // Tesseract's own messages ("Estimating resolution as …") would reach the process's stderr: library code never prints.
    await w.setParameters({ tessedit_pageseg_mode: PSM.AUTO, debug_file: '/dev/null' });
    return w;
  });
  // A failed start is not cached: the next page tries again.
  created.catch(() => (engine = undefined));
  return created;
}

/** Stop this thread's engine (if one runs); the next page starts a new one. */
export async function closeRecognizer(): Promise<void> {
  clearTimeout(idle);
  const running = engine;
  engine = undefined;
  if (running) await (await running.catch(() => undefined))?.terminate().catch(() => undefined);
}

/** Whether an engine runs in this thread (a batch of text notes never starts one). */
export function recognizerStarted(): boolean {
  return engine !== undefined;
}

export class OcrTimeout extends Error {}

/**
 * Words of one page image (PNG or JPEG bytes), in reading order. A page that outlives `timeoutMs` stops the
 * engine (tesseract cannot be interrupted mid-page) and throws OcrTimeout; the next page starts a fresh one.
 */
export async function recognize(image: Buffer, timeoutMs: number, rotateRadians = 0): Promise<OcrWord[]> {
  clearTimeout(idle);
  const worker = await (engine ??= start());
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OcrTimeout()), timeoutMs);
  });
  try {
    const job = worker.recognize(image, { rotateRadians }, { text: false, blocks: false, tsv: true });
    const { data } = await Promise.race([job, late]);
    return wordsOfTsv(data.tsv ?? '');
  } catch (e) {
    if (e instanceof OcrTimeout) await closeRecognizer();
    throw e;
  } finally {
    clearTimeout(timer);
    if (recognizerStarted()) (idle = setTimeout(() => void closeRecognizer(), IDLE_MS)).unref();
  }
}

/**
 * Tesseract's TSV: level, page, block, paragraph, line, word, left, top, width, height, confidence, text.
 * Level 5 rows are words; a change of block, paragraph or line number starts a new one.
 */
export function wordsOfTsv(tsv: string): OcrWord[] {
  const words: OcrWord[] = [];
  let last = '';
  let lastLine = '';
  for (const row of tsv.split('\n')) {
    const f = row.split('\t');
    if (f[0] !== '5' || f.length < 12) continue;
    const text = f.slice(11).join('\t').trim();
    if (text === '') continue;
    const para = `${f[2]}.${f[3]}`;
    const line = `${para}.${f[4]}`;
    const brk = words.length === 0 ? 0 : para !== last ? 2 : line !== lastLine ? 1 : 0;
    words.push({ text, confidence: Math.max(0, Math.min(100, Number(f[10]) || 0)), brk });
    last = para;
    lastLine = line;
  }
  return words;
}
