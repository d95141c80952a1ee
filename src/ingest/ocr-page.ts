/**
 * One page image → text with a confidence per word. A page read with low confidence is tried again turned
 * 180°, 90° and 270° (a fax fed upside down or sideways) and the turn that reads best is kept. Words are
 * joined with a space, lines with a line feed and paragraphs with a blank line, so sentence and list rules
 * work on OCR text as on typed notes; each word keeps its offsets into the page text.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { normalizeText } from './normalize.js';
import { recognize, type OcrWord } from './recognizer.js';

export interface WordConfidence {
  start: number;
  end: number;
  /** 0-100, as tesseract reports it. */
  confidence: number;
}

export interface OcrPage {
  /** `blank`: no word found; `unreadable`: words found but too few read with confidence to trust (noise, a photo). */
  status: 'ok' | 'blank' | 'unreadable';
  text: string;
  words: WordConfidence[];
  /** Mean word confidence, 0 for a blank page. */
  confidence: number;
  /** Degrees the page was turned (clockwise) before it read well. */
  turned: 0 | 90 | 180 | 270;
}

export interface PageTuning {
  /** Below this mean word confidence the page is tried turned. */
  retryBelow: number;
  /** Below this mean word confidence (after the turns) the page is unreadable and gives no text. */
  unreadableBelow: number;
  /** Time left for the page, all tries included. */
  deadline: number;
}

/** Fewer words than this is not a page of text whatever their confidence (a stamp, a speck). */
const MIN_WORDS = 3;
const TURNS = [180, 90, 270] as const;

export async function ocrPage(image: Buffer, tuning: PageTuning): Promise<OcrPage> {
  const left = () => Math.max(1, tuning.deadline - Date.now());
  let best = { words: await recognize(image, left()), turned: 0 as OcrPage['turned'] };
  if (best.words.length === 0) return { status: 'blank', text: '', words: [], confidence: 0, turned: 0 };
  if (score(best.words) < tuning.retryBelow || best.words.length < MIN_WORDS) {
    for (const turned of TURNS) {
      const words = await recognize(await turn(image, turned), left());
      if (weight(words) > weight(best.words)) best = { words, turned };
      // A turn that reads well is the one: the other turns would only cost time.
      if (best.turned !== 0 && score(best.words) >= tuning.retryBelow && best.words.length >= MIN_WORDS) break;
    }
  }
  const confidence = score(best.words);
  if (best.words.length < MIN_WORDS) return { status: 'blank', text: '', words: [], confidence, turned: 0 };
  if (confidence < tuning.unreadableBelow) {
    return { status: 'unreadable', text: '', words: [], confidence, turned: best.turned };
  }
  return { status: 'ok', ...pageText(best.words), confidence, turned: best.turned };
}

/** Mean word confidence. */
function score(words: OcrWord[]): number {
  return words.length === 0 ? 0 : words.reduce((s, w) => s + w.confidence, 0) / words.length;
}

/** How much readable text a try found: confident words count, guesses do not (noise gives many guesses). */
function weight(words: OcrWord[]): number {
  return words.reduce((s, w) => s + Math.max(0, w.confidence - 50) * w.text.length, 0);
}

export function pageText(words: OcrWord[]): Pick<OcrPage, 'text' | 'words'> {
  let text = '';
  const ranges: WordConfidence[] = [];
  for (const w of words) {
    if (text !== '') text += w.brk === 2 ? '\n\n' : w.brk === 1 ? '\n' : ' ';
    // A word never holds a line break, so normalizing it alone keeps the offsets of the whole page.
    const body = normalizeText(w.text).replace(/\s+/g, ' ');
    ranges.push({ start: text.length, end: text.length + body.length, confidence: Math.round(w.confidence * 10) / 10 });
    text += body;
  }
  return { text, words: ranges };
}

/** The page image turned clockwise by `degrees`, as PNG. */
async function turn(image: Buffer, degrees: 90 | 180 | 270): Promise<Buffer> {
  const img = await loadImage(image);
  const swap = degrees !== 180;
  const canvas = createCanvas(swap ? img.height : img.width, swap ? img.width : img.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.translate(canvas.width / 2, canvas.height / 2);
  ctx.rotate((degrees * Math.PI) / 180);
  ctx.drawImage(img, -img.width / 2, -img.height / 2);
  return canvas.toBuffer('image/png');
}
