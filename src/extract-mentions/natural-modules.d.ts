/**
 * Types of the `natural` modules imported by path (its own typings cover only the package root, which loads
 * database clients chartcoder never uses): the Porter stemmer (stem.ts) and the edit distance (approximate-words.ts).
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
