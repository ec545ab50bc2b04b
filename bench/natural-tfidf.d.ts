// The one `natural` module the naive baseline deep-imports (src/natural-deep.d.ts covers the
// library's own). Only what bench/naive.ts uses is declared.
declare module "natural/lib/natural/tfidf/tfidf.js" {
  export default class TfIdf {
    documents: Record<string, number | string>[];
    _idfCache: Record<string, number>;
    idf(term: string, force?: boolean): number;
    addDocument(document: string | string[], key?: unknown, restoreCache?: boolean): void;
    listTerms(d: number): { term: string; tf: number; idf: number; tfidf: number }[];
  }
}
