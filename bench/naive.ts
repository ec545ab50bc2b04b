/**
 * The baseline a developer writes first: natural's TfIdf, one dense vector per article over the
 * whole vocabulary, `ml-distance`'s cosine against every other article, sort, slice.
 *
 * It is quadratic in places (natural's idf() scans every document for each term) and a dense
 * 100k x 40k matrix needs 32 GB, so every phase stops at a time cap (and the vectors at a memory
 * cap) and the rest is extrapolated linearly from what was done. Figures that were extrapolated
 * say so in `extrapolated`.
 */
import TfIdf from "natural/lib/natural/tfidf/tfidf.js";
import { similarity } from "ml-distance";

export interface NaiveInput {
  id: string;
  title?: string;
  text: string;
}

export interface NaiveOptions {
  /** Per-phase time cap in ms (default 20,000). */
  capMs?: number;
  /** Budget for the dense vectors in bytes (default 1 GiB). */
  memoryCapBytes?: number;
  /** Query article indices, in order of use (a seeded random sample). */
  queries: readonly number[];
  /** Most queries to time (default 50). */
  maxQueries?: number;
  k?: number;
}

export interface NaiveResult {
  n: number;
  vocabulary: number;
  /** addDocument for every article. */
  addMs: number;
  /** natural's idf() for every term: O(terms x articles). */
  idfMs: number;
  /** listTerms + dense vector for every article. */
  vectorizeMs: number;
  /** add + idf + vectorize. */
  fitMs: number;
  /** One recommend: cosine against every article, sort, slice (median). */
  queryMs: number;
  /** Every article's list. */
  allListsMs: number;
  /** Bytes the dense matrix would take (n x vocabulary x 8). */
  denseBytes: number;
  /** What was actually done before the caps. */
  done: { added: number; idfTerms: number; vectors: number; queries: number; allLists: boolean };
  /** Which figures are linear extrapolations. */
  extrapolated: { add: boolean; idf: boolean; vectorize: boolean; query: boolean; allLists: boolean };
}

const now = () => performance.now();

/** Runs the naive pipeline under caps; see the module comment. */
export function runNaive(articles: readonly NaiveInput[], options: NaiveOptions): NaiveResult {
  const capMs = options.capMs ?? 20_000;
  const memoryCap = options.memoryCapBytes ?? 2 ** 30;
  const k = options.k ?? 10;
  const n = articles.length;

  // 1. Documents.
  const tfidf = new TfIdf();
  let t = now();
  let added = 0;
  while (added < n && now() - t < capMs) {
    const a = articles[added] as NaiveInput;
    tfidf.addDocument(`${a.title ?? ""}\n${a.text}`, a.id);
    added++;
  }
  const addElapsed = now() - t;

  // The vocabulary, as the developer collects it (untimed: it is cheap next to the rest).
  const vocab = new Map<string, number>();
  for (const doc of tfidf.documents) {
    for (const term in doc) if (term !== "__key" && !vocab.has(term)) vocab.set(term, vocab.size);
  }
  const terms = [...vocab.keys()];
  const v = terms.length;

  // 2. idf of every term (natural computes it lazily inside listTerms; doing it first times the
  // same work separately, and each term costs the same O(documents), so extrapolating is fair).
  t = now();
  let idfTerms = 0;
  while (idfTerms < v && now() - t < capMs) tfidf.idf(terms[idfTerms++] as string);
  const idfElapsed = now() - t;
  if (idfTerms < v) {
    // Untimed: fill the cache with natural's formula so the vectorize phase times only itself.
    const df = new Map<string, number>();
    for (const doc of tfidf.documents) for (const term in doc) if (term !== "__key") df.set(term, (df.get(term) ?? 0) + 1);
    for (let i = idfTerms; i < v; i++) {
      const term = terms[i] as string;
      tfidf._idfCache[term] = 1 + Math.log(tfidf.documents.length / (1 + (df.get(term) ?? 0)));
    }
  }

  // 3. Dense vectors, as many as the memory budget allows.
  const maxVectors = Math.max(2, Math.min(added, Math.floor(memoryCap / (8 * Math.max(1, v)))));
  const vectors: number[][] = [];
  t = now();
  while (vectors.length < maxVectors && now() - t < capMs) {
    const vec = new Array<number>(v).fill(0);
    for (const { term, tfidf: w } of tfidf.listTerms(vectors.length)) vec[vocab.get(term) as number] = w;
    vectors.push(vec);
  }
  const vectorizeElapsed = now() - t;
  const h = vectors.length;

  // 4. Queries against the vectors held, scaled up to n comparisons.
  const recommend = (d: number) => {
    const q = vectors[d] as number[];
    const scored = vectors.map((vec, j) => ({ j, score: j === d ? -Infinity : similarity.cosine(q, vec) }));
    scored.sort((x, y) => y.score - x.score);
    return scored.slice(0, k);
  };
  const maxQueries = options.maxQueries ?? 50;
  const times: number[] = [];
  t = now();
  for (const d of options.queries) {
    if (times.length >= maxQueries || now() - t >= capMs) break;
    if (d >= h) continue;
    const s = now();
    recommend(d);
    times.push(now() - s);
  }
  times.sort((a, b) => a - b);
  const measuredQuery = times.length > 0 ? (times[times.length >> 1] as number) : NaN;
  const queryMs = (measuredQuery * n) / h;

  // 5. All lists: run for real when everything is held and it fits in the cap.
  let allListsMs = queryMs * n;
  let allLists = false;
  if (h === n && allListsMs < capMs) {
    t = now();
    for (let d = 0; d < n; d++) recommend(d);
    allListsMs = now() - t;
    allLists = true;
  }

  const addMs = (addElapsed * n) / added;
  const idfMs = (idfElapsed * v * n) / Math.max(1, idfTerms) / added;
  const vectorizeMs = (vectorizeElapsed * n) / h;
  return {
    n,
    vocabulary: v,
    addMs,
    idfMs,
    vectorizeMs,
    fitMs: addMs + idfMs + vectorizeMs,
    queryMs,
    allListsMs,
    denseBytes: n * v * 8,
    done: { added, idfTerms, vectors: h, queries: times.length, allLists },
    extrapolated: {
      add: added < n,
      idf: idfTerms < v || added < n,
      vectorize: h < n,
      query: h < n,
      allLists: !allLists,
    },
  };
}
