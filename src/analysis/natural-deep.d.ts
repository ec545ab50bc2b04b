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
// natural's Snowball-style stemmers for other languages (porter_stemmer_fr.js, ..._de, _es, _it,
// _pt, _nl, _no, _sv, _ru, _uk, _fa) and its Indonesian stemmer: each one object with `stem`.
declare module "natural/lib/natural/stemmers/porter_stemmer_*.js" {
  const Stemmer: { stem(token: string): string };
  export default Stemmer;
}
declare module "natural/lib/natural/stemmers/indonesian/stemmer_id.js" {
  const StemmerId: { stem(token: string): string };
  export default StemmerId;
}
// natural's stop-word lists for other languages (stopwords_fr.js, _es, _it, _pt, _nl, _no, _sv,
// _ru, _uk, _fa, _id, _ja, _zh): shared, mutable arrays, so copied before use.
declare module "natural/lib/natural/util/stopwords_*.js" {
  export const words: readonly string[];
}
