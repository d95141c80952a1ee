/**
 * pdf-parse, with the built-ins it replaces put back. The pdf.js it bundles (legacy build) carries core-js
 * polyfills that, on Node 20, swap the native Array.prototype.push and JSON.parse for JavaScript versions
 * (to fix corner cases no chart reaches: arrays past 2^32-1 items, JSON.parse source access). Left in place,
 * every push and parse in the process — the whole NLP pipeline — ran through them. The polyfills that only
 * add what Node lacks stay.
 */
const restore = [
  [Array.prototype, 'push'],
  [JSON, 'parse'],
].map(([owner, key]) => [owner, key, Object.getOwnPropertyDescriptor(owner, key as string)!] as const);

const pdfParse = await import('pdf-parse');

for (const [owner, key, descriptor] of restore) Object.defineProperty(owner, key as string, descriptor);

export const { PDFParse, InvalidPDFException, PasswordException } = pdfParse;
