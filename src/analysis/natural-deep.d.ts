// Type declarations for the few `natural` modules alsolike deep-imports.
// Its root module is never imported: it loads 1,200+ modules, prints to stdout and reads .env.
declare module "natural/lib/natural/stemmers/porter_stemmer.js" {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
declare module "natural/lib/natural/util/stopwords.js" {
  export const words: readonly string[];
  const _default: { words: readonly string[] };
  export default _default;
}
