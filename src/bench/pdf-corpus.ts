/** A many-page chart PDF made with pdf-lib (a dev dependency: the bench runs from a full checkout). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixtureTexts } from './corpus.js';

export async function benchPdf(dir: string, pages: number): Promise<{ file: string; pages: number }> {
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const texts = fixtureTexts();
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([612, 792]);
    let y = 750;
    for (const line of texts[i % texts.length]!.split('\n').slice(0, 50)) {
      page.drawText(line.replace(/[^\x20-\x7e]/g, ' ').slice(0, 95), { x: 40, y, size: 9, font });
      y -= 14;
    }
  }
  const file = path.join(dir, 'bench.pdf');
  writeFileSync(file, await doc.save());
  return { file, pages };
}
