/**
 * Ranking quality with binary relevance: P@k, nDCG@k and reciprocal rank, and their means over a
 * labelled corpus. No Node APIs here: the CLI imports this too, and it may run in a browser.
 */

/** Anything that ranks neighbours of an indexed document (a `Recommender` fits). */
export interface Ranker {
  recommend(id: string, options: { k: number }): readonly { id: string }[];
}

/** A document of the evaluation corpus: documents with the same label are relevant to each other. */
export interface LabelledDoc {
  id: string;
  label: string;
}

/** Mean scores over every query document. */
export interface Evaluation {
  k: number;
  /** Number of query documents (every document is one). */
  queries: number;
  precision: number;
  ndcg: number;
  /** Mean reciprocal rank within the top-k list (so MRR@k): a first hit below k counts as 0. */
  mrr: number;
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
}

/**
 * Share of the first k slots holding a relevant item. A list shorter than k counts its missing
 * slots as misses (the denominator is always k), so returning fewer items is not rewarded.
 * @param ranked relevance of each returned item, best first
 * @param k cut-off (a positive integer)
 * @returns a value in [0, 1]
 * @throws {RangeError} when k is not a positive integer
 * @example precisionAtK([true, false, true], 3) // 2/3
 */
export function precisionAtK(ranked: readonly boolean[], k: number): number {
  checkK(k);
  const n = Math.min(k, ranked.length);
  let hits = 0;
  for (let i = 0; i < n; i++) if (ranked[i]) hits++;
  return hits / k;
}

/** Discount of the item at 0-based position i: 1 / log2(rank + 1), with rank = i + 1. */
function discount(i: number): number {
  return 1 / Math.log2(i + 2);
}

/**
 * Normalised discounted cumulative gain at k, gain 1 for a relevant item. The ideal list puts
 * min(k, totalRelevant) relevant items first.
 * @param ranked relevance of each returned item, best first
 * @param k cut-off (a positive integer)
 * @param totalRelevant how many relevant items exist in all (not only those returned)
 * @returns a value in [0, 1]; 0 when nothing is relevant (never NaN)
 * @throws {RangeError} when k is not a positive integer
 * @example ndcgAtK([true, false, true], 3, 2) // 1.5 / (1 + 1/log2(3))
 */
export function ndcgAtK(ranked: readonly boolean[], k: number, totalRelevant: number): number {
  checkK(k);
  const ideal = Math.min(k, totalRelevant);
  if (!(ideal > 0)) return 0;
  let idcg = 0;
  for (let i = 0; i < ideal; i++) idcg += discount(i);
  let dcg = 0;
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) if (ranked[i]) dcg += discount(i);
  return dcg / idcg;
}

/**
 * 1 / rank of the first relevant item in the whole list, 0 when none is relevant.
 * @param ranked relevance of each returned item, best first
 * @returns a value in [0, 1]
 * @example reciprocalRank([false, false, true]) // 1/3
 */
export function reciprocalRank(ranked: readonly boolean[]): number {
  const i = ranked.indexOf(true);
  return i < 0 ? 0 : 1 / (i + 1);
}

/**
 * Queries every document and averages P@k, nDCG@k and MRR, a result being relevant when it has
 * the query's label. The query itself is never relevant, and totalRelevant counts the *other*
 * documents with its label. MRR only sees the top-k list (MRR@k).
 * @param rec a ranker over exactly these documents (every id must be indexed)
 * @param docs the documents and their labels
 * @param k cut-off (a positive integer), default 10
 * @returns the means; all 0 for an empty corpus
 * @throws {RangeError} when k is not a positive integer; whatever `rec.recommend` throws
 */
export function evaluate(rec: Ranker, docs: readonly LabelledDoc[], k = 10): Evaluation {
  checkK(k);
  const labelOf = new Map<string, string>();
  const perLabel = new Map<string, number>();
  for (const { id, label } of docs) {
    labelOf.set(id, label);
    perLabel.set(label, (perLabel.get(label) ?? 0) + 1);
  }
  let precision = 0;
  let ndcg = 0;
  let mrr = 0;
  for (const { id, label } of docs) {
    const ranked = rec.recommend(id, { k }).map((r) => r.id !== id && labelOf.get(r.id) === label);
    const totalRelevant = (perLabel.get(label) ?? 1) - 1;
    precision += precisionAtK(ranked, k);
    ndcg += ndcgAtK(ranked, k, totalRelevant);
    mrr += reciprocalRank(ranked.slice(0, k));
  }
  const n = docs.length;
  // An empty corpus gives zeros rather than 0/0.
  const mean = (sum: number) => (n === 0 ? 0 : sum / n);
  return { k, queries: n, precision: mean(precision), ndcg: mean(ndcg), mrr: mean(mrr) };
}
