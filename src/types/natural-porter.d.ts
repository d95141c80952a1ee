// natural's Porter stemmer by its own module path: the package root loads database clients (see DESIGN.md).
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const porter: { stem(word: string): string };
  export default porter;
}
