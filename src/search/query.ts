/**
 * One query against the index: which documents its options accept, which kernel answers, and
 * keeping the answer as the article's list when the query allows it (see list-cache.ts).
 */
import type { ListCache } from "./kept-lists.js";
import type { DocIndex, Segment } from "../corpus/segment.js";
import { approximateKernel } from "./kernels/approximate.js";
import { exhaustiveKernel } from "./kernels/exhaustive.js";
import type { Accept, Kernel } from "./kernels/kernel.js";
import { prunedKernel, type PruneBounds } from "./kernels/pruned.js";
import type { Scratch } from "./kernels/scratch.js";
import type { PreparedQuery } from "./similarity.js";
import { TopK } from "./topk.js";

import type { CheckedRecommendOptions } from "../validate.js";

/** A document and its score. */
export interface Hit {
  doc: DocIndex;
  score: number;
}

/** What a search reads besides the segment and the query. */
export interface SearchContext {
  ids: readonly (string | undefined)[];
  /** Date of each document (ms since the epoch), NaN when undated. */
  dates: Float64Array;
  scratch: Scratch;
  kernel: "pruned" | "exhaustive";
  /** The pruning bounds, made on demand (only the pruned kernel needs them). */
  bounds: () => PruneBounds;
  /**
   * How many hits the stage after the search (rank/) needs to see for a query of k; 0 when no
   * signal reranks (the answer is then the best k, and may be kept).
   */
  pool: number;
}

/** Which documents a query's options let into its list: never `self`, nor excluded or filtered ones. */
export function acceptor(opts: CheckedRecommendOptions, self: DocIndex, ids: readonly (string | undefined)[], dates: Float64Array): Accept {
  const { filter, exclude } = opts;
  // The pruned kernel may ask about a document twice; the filter is called once per document.
  const verdicts = new Map<DocIndex, boolean>();
  const passes = (d: DocIndex): boolean => {
    let ok = verdicts.get(d);
    if (ok === undefined) {
      ok = (filter as NonNullable<typeof filter>)(ids[d] as string, Number.isNaN(dates[d]) ? undefined : new Date(dates[d] as number)) === true;
      verdicts.set(d, ok);
    }
    return ok;
  };
  return (d: DocIndex) => d !== self && (exclude === undefined || !exclude.has(ids[d] as string)) && (filter === undefined || passes(d));
}

/**
 * The best hits for `q` (a query of document `self`, or -1 for a text), best first. With `lists`
 * (the kept lists), an unfiltered exact query keeps its answer as `self`'s list. `accept` is the
 * query's acceptor when one was made already (so that the filter still sees each document once).
 */
export function searchIndex(
  m: Segment,
  q: PreparedQuery,
  opts: CheckedRecommendOptions,
  self: DocIndex,
  ctx: SearchContext,
  lists: ListCache | null,
  accept: Accept = acceptor(opts, self, ctx.ids, ctx.dates),
): Hit[] {
  const exact = opts.maxQueryTerms >= q.terms.length;
  const reranked = ctx.pool > 0;
  // An unfiltered exact search for the list's width costs what one for k does, and is kept;
  // lists rescored by signals are not the cosine lists kept lists hold.
  const keep =
    !reranked && lists !== null && self >= 0 && exact && opts.filter === undefined && opts.exclude === undefined && opts.minScore === 0 && opts.k <= lists.width;
  const want = keep ? (lists as ListCache).width : reranked ? Math.max(opts.k, ctx.pool) : opts.k;
  const heap = new TopK(Math.min(want, Math.max(1, m.nAlive)), ctx.ids);
  const kernel: Kernel = !exact ? approximateKernel(opts.maxQueryTerms) : ctx.kernel === "exhaustive" ? exhaustiveKernel : prunedKernel(ctx.bounds());
  kernel(m, q, { heap, accept, minScore: opts.minScore, scratch: ctx.scratch });
  const found = heap.sorted();
  if (keep) {
    (lists as ListCache).set(self, found);
    found.length = Math.min(found.length, opts.k);
  }
  return found;
}
