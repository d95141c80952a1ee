/**
 * Find section headers line by line: "TITLE:" (ALL CAPS, any title), "Title Case:" and lone-line
 * headers when the title is a known one, with optional numbering ("2. PLAN:"). A header's content may
 * follow on the same line ("ASSESSMENT AND PLAN: 1. …"). Unknown ALL-CAPS headers are sub-headings
 * and keep the category of the section they sit in (e.g. "HEENT:" inside the exam).
 */
import type { Section } from '../chart-record.js';
import type { SectionRules } from './section-rules.js';

const COLON_HEADER = /^[ \t]*((?:\d{1,2}[.)][ \t]*)?[A-Za-z][A-Za-z0-9 /&,'()+-]{0,60}?)[ \t]*:(?=[ \t]|$)/;
const LONE_HEADER = /^[ \t]*((?:\d{1,2}[.)][ \t]*)?[A-Za-z][A-Za-z /&,'()+-]{1,50}?)[ \t]*$/;

export function findSections(text: string, rules: SectionRules): Section[] {
  const sections: Section[] = [];
  let current: Section = { category: 'other', title: '', range: { start: 0, end: text.length } };
  let lineStart = 0;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? text.length : nl;
    const header = headerOf(text.slice(lineStart, lineEnd), rules);
    if (header) {
      current.range.end = lineStart;
      if (current.range.end > current.range.start) sections.push(current);
      current = {
        category: header.category ?? inherited(current),
        title: header.title,
        range: { start: lineStart, end: text.length },
      };
    }
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  current.range.end = text.length;
  if (current.range.end > current.range.start || sections.length === 0) sections.push(current);
  return sections;
}

function inherited(current: Section): string {
  return current.category;
}

function headerOf(line: string, rules: SectionRules): { title: string; category?: string } | undefined {
  const colon = COLON_HEADER.exec(line);
  if (colon) {
    const title = colon[1]!.trim();
    const category = rules.classify(title);
    if (category) return { title, category };
    if (isAllCaps(title) && letters(title) >= 4) return { title };
    return undefined;
  }
  const lone = LONE_HEADER.exec(line);
  if (lone) {
    const title = lone[1]!.trim();
    const category = rules.classify(title);
    if (category && (isAllCaps(title) || isTitleCase(title))) return { title, category };
  }
  return undefined;
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
    .filter((w) => /^[A-Za-z]/.test(w) && !/^(and|of|the|for|in|to|on|with|or)$/.test(w))
    .every((w) => /^[A-Z]/.test(w));
}
