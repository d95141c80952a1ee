/**
 * Find section headers line by line: "TITLE:" (ALL CAPS, any title), "Title Case:" and lone-line
 * headers when the title is a known one, with optional numbering ("2. PLAN:", "IV. PLAN:"). A header's
 * content may follow on the same line ("ASSESSMENT AND PLAN: 1. …"), and a known ALL-CAPS header may
 * also open mid-line after a full stop ("… no distress. HEENT: normal"), as in dictated notes run
 * together. Unknown ALL-CAPS headers are sub-headings and keep the category of the section they sit
 * in (e.g. "HEENT:" inside the exam).
 */
import type { Section } from '../contract/chart-record.js';
import type { SectionRules } from './section-rules.js';

const NUMBER = String.raw`(?:(?:\d{1,2}|[IVX]{1,4})[.)][ \t]*)?`;
const COLON_HEADER = new RegExp(String.raw`^[ \t]*(${NUMBER}[A-Za-z][A-Za-z0-9 /&,'()+-]{0,60}?)[ \t]*:(?=[ \t]|$)`);
const LONE_HEADER = new RegExp(String.raw`^[ \t]*(${NUMBER}[A-Za-z][A-Za-z /&,'()+-]{1,50}?)[ \t]*$`);
/** A mid-line header: ALL CAPS, at least two letters, after the end of a sentence. */
const INLINE_HEADER = /[.!?][ \t]+([A-Z][A-Z0-9 /&'()+-]{1,60}?)[ \t]*:(?=[ \t])/g;

export function findSections(text: string, rules: SectionRules): Section[] {
  const sections: Section[] = [];
  let current: Section = { category: 'other', title: '', range: { start: 0, end: text.length } };
  const open = (at: number, header: { title: string; category?: string }) => {
    current.range.end = at;
    if (current.range.end > current.range.start) sections.push(current);
    current = {
      category: header.category ?? current.category,
      title: header.title,
      range: { start: at, end: text.length },
    };
  };
  let lineStart = 0;
  // Made once, not per line: they read `current` and `lineStart` as they are when called.
  const parent = () => current.category;
  const openInline = (inline: { at: number; title: string; category: string }) => open(lineStart + inline.at, inline);
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? text.length : nl;
    const line = text.slice(lineStart, lineEnd);
    const header = headerOf(line, rules, current.category);
    if (header) open(lineStart, header);
    // Mid-line headers only after the line's own header: "I. HISTORY:" is not ". HISTORY:" inline.
    const from = header ? line.indexOf(':') + 1 : 0;
    forEachInlineHeader(line, from, rules, parent, openInline);
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  current.range.end = text.length;
  if (current.range.end > current.range.start || sections.length === 0) sections.push(current);
  return sections;
}

function headerOf(line: string, rules: SectionRules, parent: string): { title: string; category?: string } | undefined {
  const colon = COLON_HEADER.exec(line);
  if (colon) {
    const title = colon[1]!.trim();
    const category = rules.classify(title, parent);
    // "5. Health maintenance:" is an item of a numbered problem list, "2. PLAN:" a numbered header.
    const listItem = /^\s*\d/.test(title) && !isAllCaps(title) && !isTitleCase(title);
    if (category && !listItem) return { title, category };
    if (isAllCaps(title) && letters(title) >= 4) return { title };
    return undefined;
  }
  const lone = LONE_HEADER.exec(line);
  if (lone) {
    const title = lone[1]!.trim();
    const category = rules.classify(title, parent);
    if (category && (isAllCaps(title) || isTitleCase(title))) return { title, category };
  }
  return undefined;
}

/**
 * Known ALL-CAPS headers inside a line, each with its offset in the line, handed to `each` in order (the
 * parent category is read after the previous one was opened). A callback, not a generator: this runs for
 * every line of every chart, and a generator object per line was garbage for nearly all of them.
 */
function forEachInlineHeader(
  line: string,
  from: number,
  rules: SectionRules,
  parent: () => string,
  each: (h: { at: number; title: string; category: string }) => void,
): void {
  if (line.length - from < 8 || line.indexOf(':', from) < 0) return;
  INLINE_HEADER.lastIndex = from;
  for (let m = INLINE_HEADER.exec(line); m; m = INLINE_HEADER.exec(line)) {
    const title = m[1]!.trim();
    if (letters(title) < 2) continue;
    const category = rules.classify(title, parent());
    if (!category) continue;
    each({ at: m.index + m[0].indexOf(m[1]!), title, category });
  }
}

function letters(s: string): number {
  return s.replace(/[^A-Za-z]/g, '').length;
}

function isAllCaps(s: string): boolean {
  return /[A-Z]/.test(s) && !/[a-z]/.test(s);
}

function isTitleCase(s: string): boolean {
  return s
    .split(/\s+/)
    .filter((w) => /^[A-Za-z]/.test(w) && !/^(and|of|the|for|in|to|on|with|or|at|upon|prior)$/.test(w))
    .every((w) => /^[A-Z]/.test(w));
}
