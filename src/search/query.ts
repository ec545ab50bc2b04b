/**
 * One query against the index: which documents its options accept, which kernel answers, and
 * keeping the answer as the article's list when the query allows it (see kept-lists.ts).
 */
import type { ListCache } from "./kept-lists.js";
import type { DocIndex, Segment } from "../corpus/segment.js";
import { approximateKernel } from "./kernels/approximate.js";
import { exhaustiveKernel } from "./kernels/exhaustive.js";
import type { Accept, Kernel, Weigh } from "./kernels/kernel.js";
import type { Scratch } from "./kernels/scratch.js";
import type { PreparedQuery } from "./similarity.js";
import { TopK } from "./topk.js";

/** A document and its score. */
export interface Hit {
  doc: DocIndex;
  score: number;
  /** Why an entry that is not a similarity match is listed (rank/list-edits.ts). */
  reason?: "pinned" | "fallback";
}

/** What a search reads besides the segment and the query. */
export interface SearchContext {
  ids: readonly (string | undefined)[];
  scratch: Scratch;
  kernel: "pruned" | "exhaustive";
  /** The pruned kernel over the index's current bounds, made on demand (only when `kernel` is "pruned"). */
  pruned: () => Kernel;
}

/** One search: how many hits, which documents may enter, and the multiplier of their scores. */
export interface SearchRequest {
  k: number;
  minScore: number;
  /** Infinity for the exact search. */
  maxQueryTerms: number;
  accept: Accept;
  /** The signals' multiplier (rank/query-plan.ts); null for the plain cosine. */
  weigh: Weigh | null;
  /**
   * True when `accept` lets in every document but the query's own and `weigh` is null: the
   * answer is then the query's cosine list, and may be kept.
   */
  plain: boolean;
}

/** The options of a query that say which documents may be listed (validate.ts checks them). */
export interface ListFilter {
  filter?: (id: string, date: Date | undefined) => boolean;
  exclude?: ReadonlySet<string>;
}

/** Which documents a query's options let into its list: never `self`, nor excluded or filtered ones. */
export function acceptor(opts: ListFilter, self: DocIndex, ids: readonly (string | undefined)[], dates: Float64Array): Accept {
  const { filter, exclude } = opts;
  if (filter === undefined) return exclude === undefined ? (d: DocIndex) => d !== self : (d: DocIndex) => d !== self && !exclude.has(ids[d] as string);
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
 * (the kept lists), an exact search for a plain request keeps its answer as `self`'s list.
 */
export function searchIndex(m: Segment, q: PreparedQuery, req: SearchRequest, self: DocIndex, ctx: SearchContext, lists: ListCache | null): Hit[] {
  const exact = req.maxQueryTerms >= q.terms.length;
  // An unfiltered exact search for the list's width costs what one for k does, and is kept.
  const keep = req.plain && lists !== null && self >= 0 && exact && req.minScore === 0 && req.k <= lists.width;
  const want = keep ? (lists as ListCache).width : req.k;
  const heap = new TopK(Math.min(want, Math.max(1, m.nAlive)), ctx.ids);
  const kernel: Kernel = !exact ? approximateKernel(req.maxQueryTerms) : ctx.kernel === "exhaustive" ? exhaustiveKernel : ctx.pruned();
  kernel(m, q, { heap, accept: req.accept, minScore: req.minScore, scratch: ctx.scratch, weigh: req.weigh });
  const found = heap.sorted();
  if (keep) {
    (lists as ListCache).set(self, found, q.invNorm);
    found.length = Math.min(found.length, req.k);
  }
  return found;
}
