/**
 * Every article's top-k at once. Cosine is symmetric, so each pair is scored once: document i
 * walks only the postings after its own position in each of its terms' lists (documents d > i)
 * and offers the score to both i's and d's lists. That halves the postings walked. The score is
 * the same double `recommend` computes from either side (see similarity.ts), so the lists are
 * bit-for-bit those of `recommend`.
 */
import { ListCache } from "./kept-lists.js";
import { lowerBound } from "../corpus/lower-bound.js";
import type { Scratch } from "./kernels/scratch.js";
import type { Segment } from "../corpus/segment.js";
import { capsAtOne, finish } from "./similarity.js";
import { heapOffer, sortByRank } from "./topk.js";
import { throwIfAborted } from "../errors.js";

/** The arrays of a HeapTable. */
export interface HeapArrays {
  scores: Float64Array;
  docs: Int32Array;
  sizes: Int32Array;
}

/** k bounded min-heaps, one per document, in flat typed arrays (optionally shared memory). */
export class HeapTable {
  readonly k: number;
  readonly scores: Float64Array;
  readonly docs: Int32Array;
  readonly sizes: Int32Array;
  /**
   * The score a pair must reach to enter each owner's list: -Infinity until the list is full,
   * then its worst score. A compact array, checked before touching the owner's heap (a cache
   * miss per pair otherwise: at 10k articles nearly every pair scores above 0).
   */
  readonly floor: Float64Array;
  readonly #ids: readonly string[];

  /**
   * @param arrays existing arrays to work on (a worker's shared result), or "shared" to allocate
   *   them on SharedArrayBuffers, or nothing for plain ones
   */
  constructor(n: number, k: number, ids: readonly string[], arrays?: HeapArrays | "shared") {
    this.k = k;
    this.#ids = ids;
    if (typeof arrays === "object") {
      this.scores = arrays.scores;
      this.docs = arrays.docs;
      this.sizes = arrays.sizes;
    } else {
      const buffer = (bytes: number) => (arrays === "shared" ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
      this.scores = new Float64Array(buffer(n * k * 8));
      this.docs = new Int32Array(buffer(n * k * 4));
      this.sizes = new Int32Array(buffer(n * 4));
    }
    this.floor = new Float64Array(n).fill(-Infinity);
    for (let d = 0; d < n; d++) if (this.sizes[d] === k) this.floor[d] = this.scores[d * k] as number;
  }

  /** The arrays, to hand to another thread. */
  arrays(): HeapArrays {
    return { scores: this.scores, docs: this.docs, sizes: this.sizes };
  }

  /** Offers `doc` with `score` to `owner`'s list. */
  push(owner: number, doc: number, score: number): void {
    const k = this.k;
    const size = heapOffer(this.scores, this.docs, owner * k, this.sizes[owner] as number, k, doc, score, this.#ids);
    this.sizes[owner] = size;
    if (size === k) this.floor[owner] = this.scores[owner * k] as number;
  }

  /** `owner`'s list, best first. */
  sorted(owner: number): { doc: number; score: number }[] {
    const base = owner * this.k;
    const out: { doc: number; score: number }[] = [];
    for (let i = 0; i < (this.sizes[owner] as number); i++) {
      out.push({ doc: this.docs[base + i] as number, score: this.scores[base + i] as number });
    }
    return sortByRank(out, this.#ids);
  }
}

/**
 * Scores every pair (i, d) with i in [start, end) and d > i, offering each score to both lists.
 * The segment must be compacted (no delta, no removed documents) and refreshed.
 */
export function scorePairs(m: Segment, start: number, end: number, table: HeapTable, scratch: Scratch): void {
  const { termPtr, postDoc, postW, rowPtr, rowTerm, invNorm } = m;
  scratch.fit(m.nDocs);
  const acc = scratch.acc;
  const range = scratch.range(postDoc, postW);
  const n = m.baseDocs;
  const cap = capsAtOne(m.options.norm);
  const floor = table.floor;
  for (let i = start; i < end; i++) {
    const qInv = invNorm[i] as number;
    if (qInv === 0) continue;
    for (let r = rowPtr[i] as number, re = rowPtr[i + 1] as number; r < re; r++) {
      const t = rowTerm[r] as number;
      const idf = m.idf(t);
      if (idf === 0) continue;
      // Postings are sorted by document: those after i's own posting are the documents d > i.
      // (m.positionOf(t, i), searched in the locals.)
      const own = lowerBound(postDoc, termPtr[t] as number, termPtr[t + 1] as number, i);
      range(own + 1, termPtr[t + 1] as number, idf * idf, postW[own] as number);
    }
    for (let d = i + 1; d < n; d++) {
      const a = acc[d] as number;
      if (a === 0) continue;
      acc[d] = 0;
      const s = finish(a, qInv, invNorm[d] as number, cap);
      // Ties with the floor still go to push, which breaks them by id.
      if (s > 0) {
        if (s >= (floor[i] as number)) table.push(i, d, s);
        if (s >= (floor[d] as number)) table.push(d, i, s);
      }
    }
  }
}

/**
 * Every list of a compacted, refreshed segment on this thread, in chunks of 1% of the documents:
 * `onProgress` is called after each, and an aborted `signal` stops the work before the next.
 */
export function relatedAllOnOneThread(
  m: Segment,
  ids: readonly string[],
  k: number,
  scratch: Scratch,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): ListCache {
  const n = m.nDocs;
  const table = new HeapTable(n, Math.min(k, Math.max(1, n)), ids);
  const chunk = Math.max(1, Math.ceil(n / 100));
  for (let start = 0; start < n; start += chunk) {
    throwIfAborted(signal);
    const end = Math.min(n, start + chunk);
    scorePairs(m, start, end, table, scratch);
    onProgress?.(end, n);
  }
  return listsFromTables(ids, n, [table]);
}

/**
 * Merges per-thread tables into each document's final list (score descending, id ascending):
 * each table holds the best k of the pairs its thread scored, so the best k of their union is
 * the best k overall.
 */
export function listsFromTables(ids: readonly string[], n: number, tables: HeapTable[]): ListCache {
  const first = tables[0] as HeapTable;
  const lists = new ListCache(n, first.k);
  for (let d = 0; d < n; d++) {
    let merged: { doc: number; score: number }[];
    if (tables.length === 1) merged = first.sorted(d);
    else {
      merged = tables.flatMap((t) => t.sorted(d));
      sortByRank(merged, ids);
    }
    lists.set(d, merged, 0);
  }
  return lists;
}

/** Every document's list, keyed by article id in document order. */
export function listsById(ids: readonly string[], lists: ListCache): Map<string, { id: string; score: number }[]> {
  const out = new Map<string, { id: string; score: number }[]>();
  for (let d = 0; d < lists.n; d++) {
    out.set(ids[d] as string, lists.list(d).map((r) => ({ id: ids[r.doc] as string, score: r.score })));
  }
  return out;
}
