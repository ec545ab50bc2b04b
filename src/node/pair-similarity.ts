/**
 * The index's own score of two articles, for `alsolike eval`'s list measures (intra-list
 * similarity, near-duplicates).
 */
import type { Recommender } from "../recommender.js";
import type { PairSimilarity } from "../eval/metrics.js";
import { internalsOf } from "../internal.js";
import { PairScores } from "../rank/variety.js";

/**
 * The double `recommend` ranks by, as `explain(a, b).score` gives it, without working out each
 * term's share. Rows are cached by a PairScores that is replaced every few thousand pairs, so
 * memory stays bounded on a large corpus.
 */
export function pairSimilarity(rec: Recommender): PairSimilarity {
  const state = internalsOf(rec).state(true);
  const docOf = new Map(state.ids.map((id, d) => [id, d]));
  let pairs = new PairScores(state.matrix, 0);
  let calls = 0;
  return (a, b) => {
    if (++calls % 4096 === 0) pairs = new PairScores(state.matrix, 0);
    return pairs.score(docOf.get(a) as number, docOf.get(b) as number);
  };
}
