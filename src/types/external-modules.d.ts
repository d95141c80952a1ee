/**
 * Types of packages that ship none for what chartcoder imports. `natural` by module path: its own typings cover
 * only the package root, which loads database clients chartcoder never uses (see DESIGN.md) — the Porter
 * stemmer (stem.ts, text-features.ts) and the edit distance (approximate-words.ts). The English OCR model
 * package: its index names the folder of its model files.
 */
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const porter: { stem(word: string): string };
  export default porter;
}

declare module 'natural/lib/natural/distance/levenshtein_distance.js' {
  const distance: {
    DamerauLevenshteinDistance(source: string, target: string, options?: { restricted?: boolean }): number;
  };
  export default distance;
}

declare module '@tesseract.js-data/eng' {
  const english: { code: string; gzip: boolean; langPath: string };
  export default english;
}
