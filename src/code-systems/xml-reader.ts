/**
 * A thin event reader over saxes (a strict, streaming XML parser) for the CDC ICD-10-CM XML files.
 * It tracks element names and collects text, and turns every XML error — a truncated file, a
 * mismatched tag, the wrong root element — into CODESET_PARSE_ERROR with the file and line.
 */
import { SaxesParser } from 'saxes';
import type { ChartcoderError } from '../contract/errors.js';
import { parseError } from './source-file.js';

export interface XmlHandlers {
  open?(name: string, attrs: Record<string, string>, depth: number): void;
  close?(name: string, depth: number): void;
  text?(text: string): void;
}

export interface XmlPosition {
  /** 1-based line of the parser's current position. */
  line(): number;
}

/** Parses `text` (the whole document) and checks the root element name. */
export function readXml(text: string, file: string, root: string, handlers: (pos: XmlPosition) => XmlHandlers): void {
  const parser = new SaxesParser({ position: true });
  const pos: XmlPosition = { line: () => parser.line };
  const h = handlers(pos);
  let failure: ChartcoderError | undefined;
  let depth = 0;
  parser.on('error', (e) => {
    const msg = e.message.replace(/^(?:.*?:)?\d+:\d+: /, '');
    failure ??= parseError(file, parser.line, `well-formed XML (${msg})`);
    throw failure;
  });
  parser.on('opentag', (tag) => {
    if (depth === 0 && tag.name !== root)
      throw (failure = parseError(file, parser.line, `root element <${root}>`, `<${tag.name}>`));
    depth++;
    h.open?.(tag.name, tag.attributes as Record<string, string>, depth);
  });
  parser.on('closetag', (tag) => {
    h.close?.(tag.name, depth);
    depth--;
  });
  if (h.text) parser.on('text', h.text);
  try {
    parser.write(text).close();
  } catch (e) {
    throw failure ?? e;
  }
  if (depth !== 0 || failure) throw failure ?? parseError(file, parser.line, 'a complete document');
}

/** Whitespace collapsed, as the XML files indent and wrap their text. */
export function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
