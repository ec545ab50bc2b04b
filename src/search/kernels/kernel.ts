/**
 * What every kernel shares. A kernel has one signature, `(segment, query, collector)`: it reads
 * the segment (never writes it), scores the prepared query against its documents, and offers
 * each document that may make the list to the collector. Settings of its own (pruning bounds,
 * how many query terms look for candidates) are bound when it is made: `exhaustiveKernel`,
 * `prunedKernel(bounds)`, `approximateKernel(maxTerms)`. query.ts picks one and calls it.
 */
import type { Segment } from "../../corpus/segment.js";
import { addend, capsAtOne, dot, finish, type PreparedQuery } from "../similarity.js";
import { TopK } from "../topk.js";
import type { Scratch } from "./scratch.js";

/** Decides whether a scored document may enter the results (self, filter, exclude). */
export type Accept = (doc: number) => boolean;

/**
 * A multiplier of each document's score (the signals: recency, boosts), at most `max`. A kernel
 * compares `score * max` with its bar first, so `of` runs only for documents that may make the list.
 */
export interface Weigh {
  readonly max: number;
  readonly of: (doc: number) => number;
  /**
   * Documents likely to get the largest multipliers (recency: the ones closest in time), or null.
   * Kernels score them first: the k-th best of their final scores is a lower bound of the list's
   * k-th, so the scan that follows skips most documents without computing their multiplier.
   */
  readonly seeds: Int32Array | null;
}

/** What receives a kernel's hits, and the memory it scores in. */
export interface Collector {
  /** The bounded top-k the hits go to. */
  readonly heap: TopK;
  /** Asked (once a score could enter the heap) whether a document may. */
  readonly accept: Accept;
  /** Scores below this are never offered; neither is a score of 0. */
  readonly minScore: number;
  readonly scratch: Scratch;
  /** Multiplies each score before it is offered; null for the plain cosine. */
  readonly weigh: Weigh | null;
}

/** `score` times `weigh`'s multiplier for `doc`, or -1 when even the largest multiplier stays below `bar`. */
export function weighed(weigh: Weigh, doc: number, score: number, bar: number): number {
  return score * weigh.max < bar ? -1 : score * weigh.of(doc);
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
  const { heap, accept, minScore, weigh } = c;
  const floor = minScore > 0 ? minScore : Number.MIN_VALUE;
  if (weigh !== null) {
    collectWeighed(acc, n, invNorm, qInv, cap, c, weigh, floor);
    return;
  }
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

/**
 * `collectDense` with a multiplier: the bar starts at the seeds' k-th final score, and a document
 * whose cosine times the largest multiplier stays below the bar is skipped before its own is computed.
 */
function collectWeighed(acc: Float64Array, n: number, invNorm: Readonly<Float64Array>, qInv: number, cap: boolean, c: Collector, weigh: Weigh, floor: number): void {
  const { heap, accept } = c;
  const reach = weigh.max;
  const low = Math.max(floor, seedBar(weigh, heap, n, (d) => finish(acc[d] as number, qInv, invNorm[d] as number, cap), accept));
  let bar = Math.max(heap.threshold, low);
  for (let d = 0; d < n; d++) {
    let s = finish(acc[d] as number, qInv, invNorm[d] as number, cap);
    if (s * reach < bar || (s *= weigh.of(d)) < bar) continue;
    if (accept(d)) {
      heap.push(d, s);
      bar = Math.max(heap.threshold, low);
    }
  }
  acc.fill(0, 0, n);
}

/**
 * The k-th best of `cosine(d) * weigh.of(d)` over the accepted seed documents below `n`, or 0
 * when fewer than k score above 0: a lower bound of the k-th best over all documents.
 */
export function seedBar(weigh: Weigh, heap: TopK, n: number, cosine: (d: number) => number, accept: Accept): number {
  const seeds = weigh.seeds;
  if (seeds === null || seeds.length < heap.k) return 0;
  const top = new TopK(heap.k, heap.ids);
  for (let i = 0; i < seeds.length; i++) {
    const d = seeds[i] as number;
    if (d >= n) continue;
    const cos = cosine(d);
    if (cos <= 0) continue;
    const s = cos * weigh.of(d);
    if (s > 0 && s > top.threshold && accept(d)) top.push(d, s);
  }
  return top.size < heap.k ? 0 : top.threshold;
}

/**
 * Scores the delta rows (added since the last compaction) and offers them. With the delta kept
 * term-major (DeltaRows), term at a time over the query's own terms, as the base is scored: each
 * row's sum gets the addends of its shared terms in ascending term order, dot's addends in dot's
 * order, so the same double, for the postings of the query's terms only (merging every row with
 * the query made a search about 3x slower while a news feed's additions sat in the delta).
 */
export function offerDelta(m: Segment, q: PreparedQuery, c: Collector): void {
  const delta = m.deltaRows;
  if (delta.length === 0) return;
  if (m.deltaPostings === undefined) {
    for (let r = 0; r < delta.length; r++) {
      const row = delta[r];
      if (row) offerDeltaDoc(m, q, c, r, dot(q, row));
    }
    return;
  }
  const { terms, weights, idf2 } = q;
  const { acc, touched } = c.scratch.deltaScratch(delta.length);
  let nTouched = 0;
  for (let i = 0; i < terms.length; i++) {
    const g = idf2[i] as number;
    if (g === 0) continue;
    const list = m.deltaPostings(terms[i] as number);
    if (list === undefined) continue;
    const wq = weights[i] as number;
    for (let p = 0; p < list.length; p += 2) {
      const r = list[p] as number;
      if (acc[r] === 0) touched[nTouched++] = r;
      acc[r] = (acc[r] as number) + addend(g, wq, list[p + 1] as number);
    }
  }
  // In row order, as the rows were offered before: ties meet the heap in the same order.
  const hit = touched.subarray(0, nTouched).sort();
  for (let j = 0; j < nTouched; j++) {
    const r = hit[j] as number;
    const sum = acc[r] as number;
    acc[r] = 0;
    if (delta[r]) offerDeltaDoc(m, q, c, r, sum);
  }
}

/** Offers delta row `r` with its summed addends `sum`. */
function offerDeltaDoc(m: Segment, q: PreparedQuery, c: Collector, r: number, sum: number): void {
  const { heap, accept, minScore } = c;
  const d = m.baseDocs + r;
  const cos = finish(sum, q.invNorm, m.invNorm[d] as number, capsAtOne(m.options.norm));
  const s = c.weigh === null ? cos : weighed(c.weigh, d, cos, Math.max(heap.threshold, minScore));
  if (s > 0 && s >= minScore && s >= heap.threshold && accept(d)) heap.push(d, s);
}
