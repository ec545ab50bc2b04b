/**
 * Neighbours of neighbours (`sharedNeighbours`): two articles whose cosine lists share many
 * entries are related even where their own words differ. A rerank of the query's cosine pool:
 *
 *   N(x)         = {x} and the first `depth` articles of x's cosine list (a draft: the list only)
 *   overlap(a,b) = |N(a) ∩ N(b)| / (depth + 1)                                    in [0, 1]
 *   score(a,b)   = (1 - weight) cos(a,b) + weight overlap(a,b)
 *
 * and a's list is the best k by that score (times the signals' multipliers, ties by id) among
 * the first `pool` articles of a's cosine list that the query's filters accept. Exact by this
 * definition: every cosine list it reads is an exact one (kept lists answer them when they can),
 * so a reference recomputes it from relatedAll's lists (test/shared-neighbours.test.ts).
 */
import type { Hit } from "../search/query.js";
import { TopK, type TieIds } from "../search/topk.js";
import type { Accept, Weigh } from "../search/kernels/kernel.js";

/** Resolved settings (options.ts). */
export interface SharedNeighboursSettings {
  readonly depth: number;
  readonly weight: number;
  readonly pool: number;
}

/** The score of a pair with cosine `cos` whose neighbourhoods share `shared` articles. */
export function sharedScore(cos: number, shared: number, s: SharedNeighboursSettings): number {
  return (1 - s.weight) * cos + s.weight * (shared / (s.depth + 1));
}

/** How many articles neighbourhoods `a` (a set) and `b` (a list) have in common. */
export function sharedCount(a: ReadonlySet<number>, b: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) if (a.has(b[i] as number)) n++;
  return n;
}

/** What a rerank reads: the query's pool and neighbourhood, and any candidate's neighbourhood. */
export interface SharedContext {
  /** The query's first `pool` cosine neighbours, best first. */
  pool: readonly Hit[];
  /** N(query). */
  own: ReadonlySet<number>;
  /** N(d) for a stored article `d`. */
  neighbourhood(d: number): readonly number[];
  ids: TieIds;
}

/** One request of the rank stage: how many, which documents, their multiplier, the minimum score. */
export interface SharedRequest {
  k: number;
  accept: Accept;
  weigh: Weigh | null;
  minScore: number;
}

/** The best `req.k` of the pool by the shared-neighbours score (see the file comment). */
export function rerankShared(ctx: SharedContext, req: SharedRequest, s: SharedNeighboursSettings): Hit[] {
  const heap = new TopK(Math.max(1, Math.min(req.k, ctx.pool.length)), ctx.ids);
  for (const { doc, score: cos } of ctx.pool) {
    if (!req.accept(doc)) continue;
    let score = sharedScore(cos, sharedCount(ctx.own, ctx.neighbourhood(doc)), s);
    if (req.weigh !== null) score *= req.weigh.of(doc);
    if (score > 0 && score >= req.minScore && score >= heap.threshold) heap.push(doc, score);
  }
  return heap.sorted();
}
