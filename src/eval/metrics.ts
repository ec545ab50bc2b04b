/**
 * Ranking quality with binary relevance: P@k, nDCG@k and reciprocal rank, and their means over a
 * labelled corpus; and what accuracy does not see in a list: how alike its items are (intra-list
 * similarity, near-duplicates), how far they lie in time from the query, and how much of the
 * catalogue the lists reach. No Node APIs here: the CLI imports this too, and it may run in a browser.
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
  const { labelOf, perLabel } = labelIndex(docs);
  let precision = 0;
  let ndcg = 0;
  let mrr = 0;
  for (const { id, label } of docs) {
    const a = accuracyOf(id, label, rec.recommend(id, { k }), labelOf, perLabel, k);
    precision += a.precision;
    ndcg += a.ndcg;
    mrr += a.mrr;
  }
  const n = docs.length;
  // An empty corpus gives zeros rather than 0/0.
  const mean = (sum: number) => (n === 0 ? 0 : sum / n);
  return { k, queries: n, precision: mean(precision), ndcg: mean(ndcg), mrr: mean(mrr) };
}

function labelIndex(docs: readonly { id: string; label?: string }[]): { labelOf: Map<string, string>; perLabel: Map<string, number> } {
  const labelOf = new Map<string, string>();
  const perLabel = new Map<string, number>();
  for (const { id, label } of docs) {
    if (label === undefined) continue;
    labelOf.set(id, label);
    perLabel.set(label, (perLabel.get(label) ?? 0) + 1);
  }
  return { labelOf, perLabel };
}

/**
 * P@k, nDCG@k and RR@k of one query's list: a result is relevant when it has the query's label
 * (the query itself never is), and totalRelevant counts the *other* documents with that label.
 */
function accuracyOf(
  id: string,
  label: string,
  results: readonly { id: string }[],
  labelOf: ReadonlyMap<string, string>,
  perLabel: ReadonlyMap<string, number>,
  k: number,
): { precision: number; ndcg: number; mrr: number } {
  const ranked = results.map((r) => r.id !== id && labelOf.get(r.id) === label);
  const totalRelevant = (perLabel.get(label) ?? 1) - 1;
  return { precision: precisionAtK(ranked, k), ndcg: ndcgAtK(ranked, k, totalRelevant), mrr: reciprocalRank(ranked.slice(0, k)) };
}

// ---------------------------------------------------------------------------------------------
// Beyond accuracy: what a list is like, whatever the labels say.

/**
 * The similarity of two documents, for example `(a, b) => rec.explain(a, b).score` (the cosine
 * that `recommend` ranks by). Called once per unordered pair, with the better-ranked item first.
 */
export type PairSimilarity = (idA: string, idB: string) => number;

/** Default of `nearDuplicate`: pairs scoring above this are counted as near-duplicates. */
export const NEAR_DUPLICATE_THRESHOLD = 0.9;

/** The similarity of every unordered pair of a list, (0,1), (0,2), ..., (1,2), ... */
function pairScores(ids: readonly string[], similarity: PairSimilarity): number[] {
  const scores: number[] = [];
  const n = ids.length;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) scores.push(similarity(ids[i] as string, ids[j] as string));
  return scores;
}

function meanOf(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function checkThreshold(threshold: number): void {
  if (typeof threshold !== "number" || !Number.isFinite(threshold)) throw new RangeError(`threshold must be a finite number, got ${threshold}`);
}

/**
 * Intra-list similarity of one list: the mean similarity over its n(n-1)/2 unordered pairs.
 * @param ids the list's article ids, best first
 * @param similarity the pairwise similarity (see PairSimilarity)
 * @returns the mean, or `null` for a list of fewer than 2 items (it has no pair)
 * @example intraListSimilarity(["a", "b", "c"], sim) // (sim(a,b) + sim(a,c) + sim(b,c)) / 3
 */
export function intraListSimilarity(ids: readonly string[], similarity: PairSimilarity): number | null {
  const scores = pairScores(ids, similarity);
  return scores.length === 0 ? null : meanOf(scores);
}

/**
 * Near-duplicate pairs of one list: unordered pairs whose similarity is strictly above `threshold`.
 * @param ids the list's article ids
 * @param similarity the pairwise similarity (see PairSimilarity)
 * @param threshold default 0.9 (NEAR_DUPLICATE_THRESHOLD)
 * @returns `duplicates` such pairs out of `pairs` = n(n-1)/2
 * @throws {RangeError} when threshold is not a finite number
 * @example nearDuplicatePairs(["a", "b", "c"], sim) // { pairs: 3, duplicates: 1 } when only sim(a,b) > 0.9
 */
export function nearDuplicatePairs(ids: readonly string[], similarity: PairSimilarity, threshold = NEAR_DUPLICATE_THRESHOLD): { pairs: number; duplicates: number } {
  checkThreshold(threshold);
  return countAbove(pairScores(ids, similarity), threshold);
}

function countAbove(scores: readonly number[], threshold: number): { pairs: number; duplicates: number } {
  let duplicates = 0;
  for (const s of scores) if (s > threshold) duplicates++;
  return { pairs: scores.length, duplicates };
}

const DAY_MS = 86_400_000;

/** Epoch ms of a date given as a Date, a date string or epoch ms; NaN when absent or invalid. */
function toMs(date: Date | string | number | undefined): number {
  if (date === undefined) return NaN;
  return date instanceof Date ? date.getTime() : new Date(date).getTime();
}

/**
 * Age gaps of one list: |query date - result date| in days (24 h each, fractions kept), summed
 * over the results that have a date. Undated (or invalid) results are skipped; an undated query
 * has no gap at all.
 * @param queryDate the query article's date
 * @param resultDates each result's date, `undefined` when it has none
 * @returns the sum of gaps in days and how many (query, result) pairs it covers
 * @example ageGaps("2024-01-10", ["2024-01-01", undefined, "2024-01-13"]) // { days: 12, pairs: 2 }
 */
export function ageGaps(
  queryDate: Date | string | number | undefined,
  resultDates: readonly (Date | string | number | undefined)[],
): { days: number; pairs: number } {
  const q = toMs(queryDate);
  let days = 0;
  let pairs = 0;
  if (Number.isNaN(q)) return { days, pairs };
  for (const d of resultDates) {
    const r = toMs(d);
    if (Number.isNaN(r)) continue;
    days += Math.abs(q - r) / DAY_MS;
    pairs++;
  }
  return { days, pairs };
}

/**
 * Catalogue coverage: the share of the catalogue's articles that appear in at least one list
 * (as a result; being a query does not count). Ids outside the catalogue are ignored.
 * @param lists the lists' article ids
 * @param catalogue every article id that could be recommended
 * @returns a value in [0, 1], or `null` for an empty catalogue
 * @example catalogueCoverage([["a", "b"], ["b", "c"]], ["a", "b", "c", "d"]) // 0.75
 */
export function catalogueCoverage(lists: Iterable<readonly string[]>, catalogue: readonly string[]): number | null {
  const { covered, size } = coverageCounts(lists, catalogue);
  return size === 0 ? null : covered / size;
}

/** How many distinct catalogue ids the lists hold, and the catalogue's distinct size. */
function coverageCounts(lists: Iterable<readonly string[]>, catalogue: readonly string[]): { covered: number; size: number } {
  const all = new Set(catalogue);
  const seen = new Set<string>();
  for (const list of lists) for (const id of list) if (all.has(id)) seen.add(id);
  return { covered: seen.size, size: all.size };
}

/** A document for `evaluateLists`: its label (relevance) and date, either of which may be missing. */
export interface ListDoc {
  id: string;
  /** Documents with the same label are relevant to each other; unlabelled ones are relevant to none. */
  label?: string;
  /** A Date, a date string or epoch milliseconds. */
  date?: Date | string | number;
}

/** Options of `evaluateLists`. */
export interface ListEvaluationOptions {
  /** Cut-off: only the first k results of each list count, for every measure. Default 10. */
  k?: number;
  /** Pairs whose similarity is strictly above this are near-duplicates. Default 0.9. */
  nearDuplicate?: number;
}

/**
 * What `evaluateLists` reports. A mean with nothing to average (no labelled query, no pair, no
 * dated pair, an empty catalogue) is `null`, never NaN nor a misleading 0.
 */
export interface ListEvaluation {
  k: number;
  /** Number of lists (queries). */
  lists: number;
  /** Queries that are documents with a label: P@k, nDCG@k and MRR are means over these. */
  labelledQueries: number;
  precision: number | null;
  ndcg: number | null;
  /** MRR@k. */
  mrr: number | null;
  /** Mean over lists of each list's mean pairwise similarity; lists of fewer than 2 items are left out. */
  intraListSimilarity: number | null;
  /** Lists with at least 2 items (those intraListSimilarity averages). */
  listsWithPairs: number;
  /** Near-duplicate pairs / all within-list pairs, pooled over every list (a micro average). */
  nearDuplicateRate: number | null;
  /** Within-list unordered pairs, over every list. */
  pairs: number;
  nearDuplicates: number;
  nearDuplicateThreshold: number;
  /** Mean |query date - result date| in days over the (query, result) pairs where both are dated. */
  meanAgeGapDays: number | null;
  /** (query, result) pairs with both dates, those meanAgeGapDays averages. */
  datedPairs: number;
  /** (query, result) pairs left out of meanAgeGapDays because one of them is undated. */
  undatedPairs: number;
  /** Share of `docs` appearing in at least one list. */
  coverage: number | null;
  /** Documents appearing in at least one list. */
  covered: number;
}

/**
 * Evaluates lists made in any way (any `recommend` options, another recommender): accuracy against
 * labels and the beyond-accuracy measures above. Every list is first cut to its top k.
 * @param lists query id -> its results, best first (e.g. `rec.recommend(id, options)` per query)
 * @param docs the catalogue: every document that could be recommended, with labels and dates
 * @param similarity pairwise similarity for intra-list similarity and near-duplicates
 * @param options `k` (default 10) and the `nearDuplicate` threshold (default 0.9)
 * @returns the measures; see ListEvaluation for each definition
 * @throws {RangeError} when k is not a positive integer or the threshold is not finite
 * @example
 * const lists = new Map(ids.map((id) => [id, rec.recommend(id, { minScore: 0.1 })]));
 * evaluateLists(lists, docs, (a, b) => rec.explain(a, b).score);
 */
export function evaluateLists(
  lists: ReadonlyMap<string, readonly { id: string }[]>,
  docs: readonly ListDoc[],
  similarity: PairSimilarity,
  options: ListEvaluationOptions = {},
): ListEvaluation {
  const { k = 10, nearDuplicate = NEAR_DUPLICATE_THRESHOLD } = options;
  checkK(k);
  checkThreshold(nearDuplicate);
  const { labelOf, perLabel } = labelIndex(docs);
  const dateOf = new Map<string, Date | string | number | undefined>();
  for (const { id, date } of docs) dateOf.set(id, date);
  let labelledQueries = 0;
  let precision = 0;
  let ndcg = 0;
  let mrr = 0;
  let ils = 0;
  let listsWithPairs = 0;
  let pairs = 0;
  let nearDuplicates = 0;
  let gapDays = 0;
  let datedPairs = 0;
  let undatedPairs = 0;
  const cut: string[][] = [];
  for (const [query, results] of lists) {
    const top = results.slice(0, k);
    const ids = top.map((r) => r.id);
    cut.push(ids);
    const label = labelOf.get(query);
    if (label !== undefined) {
      const a = accuracyOf(query, label, top, labelOf, perLabel, k);
      labelledQueries++;
      precision += a.precision;
      ndcg += a.ndcg;
      mrr += a.mrr;
    }
    // One call per pair serves both intra-list similarity and near-duplicates.
    const scores = pairScores(ids, similarity);
    if (scores.length > 0) {
      ils += meanOf(scores);
      listsWithPairs++;
      const d = countAbove(scores, nearDuplicate);
      pairs += d.pairs;
      nearDuplicates += d.duplicates;
    }
    const gaps = ageGaps(dateOf.get(query), ids.map((id) => dateOf.get(id)));
    gapDays += gaps.days;
    datedPairs += gaps.pairs;
    undatedPairs += ids.length - gaps.pairs;
  }
  const ratio = (num: number, den: number) => (den === 0 ? null : num / den);
  const { covered, size } = coverageCounts(cut, docs.map((d) => d.id));
  return {
    k,
    lists: lists.size,
    labelledQueries,
    precision: ratio(precision, labelledQueries),
    ndcg: ratio(ndcg, labelledQueries),
    mrr: ratio(mrr, labelledQueries),
    intraListSimilarity: ratio(ils, listsWithPairs),
    listsWithPairs,
    nearDuplicateRate: ratio(nearDuplicates, pairs),
    pairs,
    nearDuplicates,
    nearDuplicateThreshold: nearDuplicate,
    meanAgeGapDays: ratio(gapDays, datedPairs),
    datedPairs,
    undatedPairs,
    coverage: ratio(covered, size),
    covered,
  };
}
