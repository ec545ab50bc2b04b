/**
 * The rerank stage: what happens after the cosine. A query's kernel returns the exact top of the
 * cosine (k hits, or the larger pool a signal asks for); the signals, in order, rescore or drop
 * those hits; the best k of the result, in the order of topk.ts, are the answer. A signal that
 * multiplies every score by a per-article factor in [0, m] needs a pool deep enough that nothing
 * outside it can overtake the k-th hit; a signal that only reorders what the list holds (variety,
 * editors' picks) documents its pool. With no signal (the default) this stage does nothing.
 */
import type { DocStore } from "../corpus/doc-store.js";
import type { DocIndex } from "../corpus/matrix.js";
import type { Hit } from "../search/query.js";
import { sortByRank } from "../search/topk.js";

export type { Hit };

/** What a signal may read about the query and the corpus. */
export interface RerankContext {
  /** The query's document, or -1 for a text that is not in the index. */
  self: DocIndex;
  /** How many hits the query asked for. */
  k: number;
  /** Ids, dates, sections, languages and tags of every document. */
  store: DocStore;
}

/** One ranking signal of the rerank stage. */
export interface Signal {
  readonly name: string;
  /** How many cosine hits this signal must see to answer the best `k` exactly (at least `k`). */
  pool(k: number): number;
  /** The hits rescored (scores changed, hits dropped or added); order does not matter. */
  rescore(hits: Hit[], ctx: RerankContext): Hit[];
}

/** The deepest pool the signals ask for, for a query of `k` hits. */
export function poolSize(signals: readonly Signal[], k: number): number {
  let pool = k;
  for (const s of signals) pool = Math.max(pool, s.pool(k));
  return pool;
}

/** Applies `signals` in order to the hits of a search and returns the best `k`, best first. */
export function rerank(hits: Hit[], signals: readonly Signal[], ctx: RerankContext): Hit[] {
  if (signals.length === 0) return hits.length > ctx.k ? hits.slice(0, ctx.k) : hits;
  let out = hits;
  for (const s of signals) out = s.rescore(out, ctx);
  sortByRank(out, ctx.store.ids);
  if (out.length > ctx.k) out.length = ctx.k;
  return out;
}
