/**
 * TF and IDF as scikit-learn's TfidfVectorizer defines them, split so that IDF can change
 * without touching stored document weights.
 *
 *   tf   raw:        c                      sublinear: 1 + ln c (for c >= 1; c itself below 1)
 *   idf  smooth:     ln((1 + n) / (1 + df)) + 1
 *        plain:      ln(n / df) + 1
 *        none:       1
 *
 * Every idf above is `a(n) - b(df)`: `a` depends only on the corpus size and `b` only on the term.
 * So a document's squared norm, sum_t w_t^2 (a - b_t)^2, is a^2 S0 - 2a S1 + S2 with
 * S0 = sum w^2, S1 = sum w^2 b, S2 = sum w^2 b^2, and the three sums survive a change of n.
 */

export type TfMode = "raw" | "sublinear";
export type IdfMode = "smooth" | "plain" | "none";
export type NormMode = "l2" | "none";

/** The term-frequency weight of a (field-weighted) count. */
export function tfWeight(count: number, mode: TfMode): number {
  // Field weights below 1 can make counts fall under 1, where 1 + ln c would go negative.
  return mode === "sublinear" && count > 1 ? 1 + Math.log(count) : count;
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

/**
 * Turns a `minDf`/`maxDf` option into a document count for a corpus of `n` documents:
 * a number in (0, 1) is a fraction of `n`, anything else is a count.
 */
export function dfBound(value: number, n: number): number {
  return value > 0 && value < 1 ? value * n : value;
}
