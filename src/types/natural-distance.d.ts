/** The one `natural` module chartcoder imports by path (the package root loads database clients it never uses). */
declare module 'natural/lib/natural/distance/levenshtein_distance.js' {
  const distance: {
    DamerauLevenshteinDistance(source: string, target: string, options?: { restricted?: boolean }): number;
  };
  export default distance;
}
