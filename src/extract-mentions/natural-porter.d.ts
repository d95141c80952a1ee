/** Type of the one natural module imported by path (its own typings cover only the package root). */
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const porter: { stem(word: string): string };
  export default porter;
}
