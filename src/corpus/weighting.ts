/**
 * TF and IDF as scikit-learn's TfidfVectorizer defines them, split so that IDF can change
 * without touching stored document weights, and BM25's saturating, length-normalised tf.
 *
 *   tf   raw:        c                      sublinear: 1 + ln c (for c >= 1; c itself below 1)
 *        bm25:       c (k1 + 1) / (c + k1 (1 - b + b dl / avgLength))
 *   idf  smooth:     ln((1 + n) / (1 + df)) + 1
 *        plain:      ln(n / df) + 1
 *        none:       1
 *
 * c is the term's field-weighted count in the document. For bm25, dl is the document's length:
 * the sum of the field-weighted counts of all its terms (each token the analyzer keeps counts its
 * field's weight; stop words and dropped tokens count nothing), taken from the document alone:
 * before minDf/maxDf, and for a draft including terms the index has never seen. BM25's avgdl is
 * the corpus's mean length; here it is the fixed pivot `avgLength`, so that a stored weight never
 * depends on the rest of the corpus (adding or removing an article rewrites no other article's
 * weights, and an index updated in place answers as a fresh build does). The vectors are still
 * compared by cosine: bm25 changes only the tf factor of each tf-idf component.
 * (BM25's b is its own parameter, not the idf offset b(df) below.)
 *
 * Every idf above is `a(n) - b(df)`: `a` depends only on the corpus size and `b` only on the term.
 * So a document's squared norm, sum_t w_t^2 (a - b_t)^2, is a^2 S0 - 2a S1 + S2 with
 * S0 = sum w^2, S1 = sum w^2 b, S2 = sum w^2 b^2, and the three sums survive a change of n.
 */

/** How a term's weight grows with its count in an article (see the table above). */
export type TfMode = "raw" | "sublinear" | "bm25";
/** How rare terms are weighted up: scikit-learn's smooth idf (default), plain idf, or none. */
export type IdfMode = "smooth" | "plain" | "none";
/** `"l2"`: vectors of unit length, so that scores are cosines; `"none"`: raw dot products. */
export type NormMode = "l2" | "none";

/** BM25's parameters (tf "bm25"): saturation k1, length normalisation b, pivot length avgLength. */
export interface Bm25Params {
  readonly k1: number;
  readonly b: number;
  readonly avgLength: number;
}

/** The term-frequency weight of a (field-weighted) count, for tf "raw" and "sublinear" (bm25: `bm25Weight`). */
export function tfWeight(count: number, mode: Exclude<TfMode, "bm25">): number {
  // Field weights below 1 can make counts fall under 1, where 1 + ln c would go negative.
  return mode === "sublinear" && count > 1 ? 1 + Math.log(count) : count;
}

/**
 * BM25's length term of a document of length `length` (dl): k1 (1 - b + b dl / avgLength),
 * worked out once per document and passed to `bm25Weight` for each of its terms.
 */
export function bm25LengthFactor(length: number, p: Bm25Params): number {
  return p.k1 * (1 - p.b + p.b * (length / p.avgLength));
}

/**
 * BM25's tf weight of a (field-weighted) count: c (k1 + 1) / (c + factor), with `factor` from
 * `bm25LengthFactor`. In (0, k1 + 1): it saturates in c and falls as the document grows (b > 0).
 */
export function bm25Weight(count: number, k1: number, factor: number): number {
  return (count * (k1 + 1)) / (count + factor);
}

/** `a(n)`: the part of idf that depends only on the number of documents. */
export function idfBase(n: number, mode: IdfMode): number {
  if (mode === "smooth") return Math.log(1 + n) + 1;
  if (mode === "plain") return Math.log(n) + 1;
  return 1;
}

/** `b(df)`: the part of idf that depends only on the term's document frequency. */
export function idfOffset(df: number, mode: IdfMode): number {
  if (mode === "smooth") return Math.log(1 + df);
  if (mode === "plain") return Math.log(df);
  return 0;
}

/** True when a term found in `df` documents counts, between the bounds `dfBound` gives (inclusive). */
export function termCounts(df: number, lo: number, hi: number): boolean {
  return df > 0 && df >= lo && df <= hi;
}

/**
 * 1/|d| for l2 norms from a document's norm sums and the idf base a(n): |d|^2 = a^2 S0 - 2a S1 + S2
 * (see the file comment), expanded; the rounding of an all-inactive row is clamped to zero.
 */
export function invNormFromSums(a: number, s0: number, s1: number, s2: number): number {
  const sq = a * a * s0 - 2 * a * s1 + s2;
  return sq > 1e-300 && s0 > 0 ? 1 / Math.sqrt(sq) : 0;
}

/**
 * Turns a `minDf`/`maxDf` option into a document count for a corpus of `n` documents:
 * a number in (0, 1) is a fraction of `n`, anything else is a count.
 */
export function dfBound(value: number, n: number): number {
  return value > 0 && value < 1 ? value * n : value;
}
