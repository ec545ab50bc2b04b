/**
 * What every kernel shares. A kernel has one signature, `(segment, query, collector)`: it reads
 * the segment (never writes it), scores the prepared query against its documents, and offers
 * each document that may make the list to the collector. Settings of its own (pruning bounds,
 * how many query terms look for candidates) are bound when it is made: `exhaustiveKernel`,
 * `prunedKernel(bounds)`, `approximateKernel(maxTerms)`. query.ts picks one and calls it.
 */
import type { Segment } from "../../corpus/segment.js";
import { capsAtOne, dot, finish, type PreparedQuery } from "../similarity.js";
import type { TopK } from "../topk.js";
import type { Scratch } from "./scratch.js";

/** Decides whether a scored document may enter the results (self, filter, exclude). */
export type Accept = (doc: number) => boolean;

/** What receives a kernel's hits, and the memory it scores in. */
export interface Collector {
  /** The bounded top-k the hits go to. */
  readonly heap: TopK;
  /** Asked (once a score could enter the heap) whether a document may. */
  readonly accept: Accept;
  /** Scores below this are never offered; neither is a score of 0. */
  readonly minScore: number;
  readonly scratch: Scratch;
}

/** A top-k search: offers to `collector.heap` every accepted document whose score may be in the top k. */
export type Kernel = (segment: Segment, query: PreparedQuery, collector: Collector) => void;

/**
 * Offers every base document in [0, n) with a non-zero sum to the heap, then zeroes the
 * accumulator. Each document costs one multiply and one comparison with a bar (the heap's
 * threshold, at least the smallest positive score or `minScore`) kept in a local and refreshed
 * only after a push; sums of 0 (untouched documents) never reach the bar, and zeroing is one
 * fill, not a store each.
 */
export function collectDense(acc: Float64Array, n: number, invNorm: Readonly<Float64Array>, qInv: number, cap: boolean, c: Collector): void {
  const { heap, accept, minScore } = c;
  const floor = minScore > 0 ? minScore : Number.MIN_VALUE;
  let bar = Math.max(heap.threshold, floor);
  for (let d = 0; d < n; d++) {
    const s = finish(acc[d] as number, qInv, invNorm[d] as number, cap);
    if (s < bar) continue;
    if (accept(d)) {
      heap.push(d, s);
      bar = Math.max(heap.threshold, floor);
    }
  }
  acc.fill(0, 0, n);
}

/** Scores the delta rows (added since the last compaction) by merging, and offers them. */
export function offerDelta(m: Segment, q: PreparedQuery, c: Collector): void {
  const { heap, accept, minScore } = c;
  const cap = capsAtOne(m.options.norm);
  const { deltaRows: delta, baseDocs, invNorm } = m;
  for (let r = 0; r < delta.length; r++) {
    const row = delta[r];
    if (!row) continue;
    const d = baseDocs + r;
    const s = finish(dot(q, row), q.invNorm, invNorm[d] as number, cap);
    if (s > 0 && s >= minScore && s >= heap.threshold && accept(d)) heap.push(d, s);
  }
}
