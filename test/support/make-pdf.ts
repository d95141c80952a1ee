/** Real PDFs made in the test with pdf-lib: text pages, blank (image-like) pages. */
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** One string per page; an empty string makes a page with no text layer. */
export async function makePdf(pages: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = doc.addPage([612, 792]);
    page.drawRectangle({ x: 40, y: 40, width: 532, height: 712, borderWidth: 1 });
    let y = 740;
    for (const line of text.split('\n')) {
      if (line) page.drawText(line, { x: 50, y, size: 11, font });
      y -= 14;
    }
  }
  return Buffer.from(await doc.save());
}

/** A PDF whose pages are either text (a string, with a text layer) or a scanned image (PNG bytes, no text layer). */
export async function makeScannedPdf(pages: (string | Buffer)[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const content of pages) {
    const page = doc.addPage([612, 792]);
    if (typeof content !== 'string') {
      page.drawImage(await doc.embedPng(content), { x: 0, y: 0, width: 612, height: 792 });
      continue;
    }
    let y = 740;
    for (const line of content.split('\n')) {
      if (line) page.drawText(line, { x: 50, y, size: 11, font });
      y -= 14;
    }
  }
  return Buffer.from(await doc.save());
}
