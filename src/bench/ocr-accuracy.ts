/** Character error rate of OCR text against the text it was made from: edits / reference characters, white space folded. */
export function characterErrorRate(reference: string, recognized: string): number {
  const a = fold(reference);
  const b = fold(recognized);
  if (a.length === 0) return b.length === 0 ? 0 : 1;
  // Two rows of the edit-distance table: a page is a few thousand characters each way.
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        prev[j]! + 1,
        row[j - 1]! + 1,
        prev[j - 1]! + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1),
      );
    }
    [prev, row] = [row, prev];
  }
  return prev[b.length]! / a.length;
}

function fold(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
