/**
 * The checks a snapshot's kept lists pass on load (persist/snapshot.ts): their shape, order and
 * floors in one pass, their reach against the index's document frequencies, and a few lists
 * scored again against the matrix, so a crafted file cannot make an index answer wrong lists.
 */
import type { DocTermMatrix } from "../corpus/matrix.js";
import { MAX_WIDTH, type ListCache } from "./kept-lists.js";
import { capsAtOne, finish, mergeRow, prepareQuery } from "./similarity.js";

/**
 * Why `lists` cannot be the kept lists of an index whose articles are `ids`, or null. Each list
 * is checked in full: a length from -1 (not kept) to the width; other articles, each once;
 * finite scores in (0, maxScore]; score descending, ties by id ascending (the kernels' order).
 * A floor that is finite and not negative; a tight list's floor is its last score when full, else 0.
 * Against the index, cheaply: a list with floor 0 holds every article that shares a term with its own, so at least `reach.of(d)` of them (the df of d's most common counted term,
 * less one), and none when d has no counted term (-1). Whether the scores are the index's is
 * checked by the caller (it needs the matrix).
 *
 * This runs on every load of a snapshot with lists (1M entries at 100k articles), so one loop
 * (firstBadList) makes every check and only finds the first list that fails; listFault then
 * goes through that one list again to name the fault.
 */
export function listsProblem(lists: ListCache, ids: readonly string[], maxScore: number, reach: Reach): string | null {
  const width = lists.width;
  if (width < 1 || width > MAX_WIDTH) return `width ${width}`;
  const d = firstBadList(lists, ids, maxScore, reach);
  return d < 0 ? null : listFault(lists, ids, maxScore, reach, d);
}

/**
 * The first document whose list fails a check of listsProblem, or -1. One pass over the arrays
 * with one condition per entry and no message to build (a loop that also formats each fault
 * ran about 1.5 times as long at 100k articles): repeats are found with one stamp per article
 * (`seen[e] === d`: e is already in d's list), not a set per list, and a document's reach (a
 * binary search in its row) is looked up only for a list shorter than the width, which full
 * lists, nearly all of them, never need.
 */
function firstBadList(lists: ListCache, ids: readonly string[], maxScore: number, reach: Reach): number {
  const { n, width, sizes, docs, scores } = lists;
  const seen = new Int32Array(n).fill(-1);
  for (let d = 0; d < n; d++) {
    const size = sizes[d] as number;
    if (size < -1 || size > width || size > n - 1 || floorFault(lists, d)) return d;
    if (size >= 0 && lists.floors[d] === 0) {
      const r = reach.of(d);
      if (size < r || (r < 0 && size > 0)) return d;
    }
    let prevScore = Infinity;
    let prev = -1;
    for (let i = d * width, end = i + size; i < end; i++) {
      const e = docs[i] as number;
      const score = scores[i] as number;
      if (e < 0 || e >= n || e === d || seen[e] === d || !(score > 0 && score <= maxScore && score <= prevScore)) return d;
      // Ties by id (rare: compared only then).
      if (score === prevScore && !((ids[prev] as string) < (ids[e] as string))) return d;
      seen[e] = d;
      prevScore = score;
      prev = e;
    }
  }
  return -1;
}

/** True when `d`'s floor is not a number a list can have (see listsProblem). */
function floorFault(lists: ListCache, d: number): boolean {
  const floor = lists.floors[d] as number;
  const tight = lists.tight[d] as number;
  if (!(floor >= 0 && floor < Infinity) || tight > 1) return true;
  if (tight === 0) return false;
  const size = lists.sizes[d] as number;
  return size === lists.width ? floor !== lists.scores[d * lists.width + size - 1] : size >= 0 && floor !== 0;
}

/** What is wrong with document `d`'s list (firstBadList's find): its checks again, in order, naming the first that fails. */
function listFault(lists: ListCache, ids: readonly string[], maxScore: number, reach: Reach, d: number): string {
  const { n, width, sizes, docs, scores } = lists;
  const size = sizes[d] as number;
  if (size < -1 || size > width || size > n - 1) return `article ${d}'s list has length ${size}`;
  if (floorFault(lists, d)) return `article ${d}'s list has floor ${lists.floors[d]}${lists.tight[d] === 0 ? "" : ` (tight: ${lists.tight[d]})`}`;
  if (size >= 0 && lists.floors[d] === 0) {
    const r = reach.of(d);
    if (size < r || (r < 0 && size > 0)) return `article ${d}'s list misses articles that share its terms`;
  }
  const seen = new Set<number>();
  let prevScore = Infinity;
  let prev = -1;
  for (let i = d * width, end = i + size; i < end; i++) {
    const e = docs[i] as number;
    const score = scores[i] as number;
    if (!(e >= 0 && e < n) || e === d || seen.has(e)) return `article ${d}'s list names article ${e}`;
    seen.add(e);
    if (!(score > 0 && score <= maxScore && score <= prevScore)) return `article ${d}'s list has score ${score} out of order or range`;
    if (score === prevScore && !((ids[prev] as string) < (ids[e] as string))) return `article ${d}'s list ties articles ${prev} and ${e} out of id order`;
    prevScore = score;
    prev = e;
  }
  // Not reached: the two functions make the same checks.
  return `article ${d}'s list fails a check`;
}

/**
 * Each document's reach (see listsProblem): df - 1 of its most common counted term, -1 when none
 * counts. Counted terms are a run of term ids (ids ascend with df), found once; a document's
 * reach is a binary search in its row, done only when asked (lists shorter than the width).
 */
export class Reach {
  readonly #df: Int32Array;
  readonly #rowPtr: Uint32Array;
  readonly #rowTerm: Uint16Array | Uint32Array;
  readonly #k: Float64Array;
  /** The run of counted terms, lo..hi (hi < lo when none counts); -2 until first asked. */
  #lo = -2;
  #hi = -2;

  /** @param k nonzero for the terms that count (snapshot-checks.ts's term weights) */
  constructor(df: Int32Array, rowPtr: Uint32Array, rowTerm: Uint16Array | Uint32Array, k: Float64Array) {
    this.#df = df;
    this.#rowPtr = rowPtr;
    this.#rowTerm = rowTerm;
    this.#k = k;
  }

  /** Document `d`'s reach: df - 1 of its most common counted term, or -1. */
  of(d: number): number {
    if (this.#lo === -2) {
      const k = this.#k;
      let lo = 0;
      while (lo < k.length && k[lo] === 0) lo++;
      let hi = k.length - 1;
      while (hi >= lo && k[hi] === 0) hi--;
      this.#lo = lo;
      this.#hi = hi;
    }
    const rowPtr = this.#rowPtr;
    const rowTerm = this.#rowTerm;
    const from = rowPtr[d] as number;
    // The last entry of the row at most hi.
    let a = from;
    let b = rowPtr[d + 1] as number;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if ((rowTerm[mid] as number) <= this.#hi) a = mid + 1;
      else b = mid;
    }
    const t = a > from ? (rowTerm[a - 1] as number) : -1;
    return t >= this.#lo ? (this.#df[t] as number) - 1 : -1;
  }
}

/** The reaches of an index's documents (see Reach), each worked out when listsProblem asks. */
export function reach(df: Int32Array, rowPtr: Uint32Array, rowTerm: Uint16Array | Uint32Array, k: Float64Array): Reach {
  return new Reach(df, rowPtr, rowTerm, k);
}

/** Kept lists scored again at load (see scoresProblem), spread over the documents. */
const SCORED_LISTS = 8;

/**
 * Whether kept lists hold the index's own scores: null, or what is wrong. Their shape is checked
 * in full (listsProblem), their scores on a sample only: the lists of SCORED_LISTS documents
 * spread over the index (all of them in an index that small) are scored again, pair by pair,
 * with the kernels' own arithmetic (similarity.ts), and must match bit for bit. Each list costs
 * about 0.4 ms at 100k articles (the weights are found by binary searches through postings
 * that miss the caches), and recomputing every list is what relatedAll does (a minute at 100k):
 * a crafted score in a list off the sample is answered as it is until a change to the corpus,
 * after which the list's entries are scored again when it is next read (live-lists.ts).
 */
export function scoresProblem(lists: ListCache, m: DocTermMatrix): string | null {
  const { n, width, sizes, docs, scores } = lists;
  const cap = capsAtOne(m.options.norm);
  const step = Math.max(1, n / SCORED_LISTS);
  for (let k = 0; k < n; k += step) {
    const d = Math.floor(k);
    const size = sizes[d] as number;
    if (size <= 0) continue;
    const q = prepareQuery(m, m.row(d), m.invNorm[d]);
    for (let i = d * width, end = i + size; i < end; i++) {
      const e = docs[i] as number;
      const score = q === null ? 0 : finish(mergeRow(m, q, e, 0, 0), q.invNorm, m.invNorm[e] as number, cap);
      if (score !== scores[i]) return `article ${d}'s list scores article ${e} ${scores[i]}, the index ${score}`;
    }
  }
  return null;
}
