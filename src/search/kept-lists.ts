/**
 * Exact related lists kept between queries: each article's best `width` neighbours (score
 * descending, id ascending), filled by `relatedAll` for every article at once or by `recommend`
 * one article at a time. Any change to the corpus moves every idf and norm, so a change forgets
 * every list; the recommender then answers from the index again (and keeps the new answers).
 *
 * A kept list answers a query exactly when the query asks for at most `width` articles: the
 * best k that pass a filter, an exclusion or a minimum score are the first k of the list that
 * pass, unless fewer than k pass and the list is full (then some passing article may lie
 * beyond it, and the index must answer).
 */
import type { DocTermMatrix } from "../corpus/matrix.js";
import { capsAtOne, finish, mergeRow, prepareQuery } from "./similarity.js";

/** Lists are this long unless `relatedAll` asked for longer ones. */
export const DEFAULT_WIDTH = 10;

/**
 * The longest kept lists a snapshot may carry. The width stays with the lists as the corpus
 * grows (see KeptLists), so a width far beyond any page's needs would make each later add
 * allocate width * 12 bytes per article.
 */
export const MAX_WIDTH = 10_000;

/** Not computed since the last change. */
const UNKNOWN = -1;

export class ListCache {
  readonly width: number;
  /** Number of documents the lists cover (documents 0 .. n-1). */
  n: number;
  scores: Float64Array;
  docs: Int32Array;
  /** Length of each document's list, or UNKNOWN. */
  sizes: Int32Array;

  /** @param arrays existing lists (a snapshot's), or none to start with every list unknown */
  constructor(n: number, width: number, arrays?: { sizes: Int32Array; docs: Int32Array; scores: Float64Array }) {
    this.n = n;
    this.width = width;
    this.scores = arrays?.scores ?? new Float64Array(n * width);
    this.docs = arrays?.docs ?? new Int32Array(n * width);
    this.sizes = arrays?.sizes ?? new Int32Array(n).fill(UNKNOWN);
  }

  /** Forgets every list and makes room for `n` documents (reusing the arrays when they fit). */
  reset(n: number): void {
    if (n > this.sizes.length) {
      // Room to grow: a corpus that gains an article between queries should not reallocate each time.
      const capacity = Math.max(n, Math.ceil(this.sizes.length * 1.25));
      this.scores = new Float64Array(capacity * this.width);
      this.docs = new Int32Array(capacity * this.width);
      this.sizes = new Int32Array(capacity);
    }
    this.sizes.fill(UNKNOWN, 0, n);
    this.n = n;
  }

  /** True when document `d`'s list is kept. */
  has(d: number): boolean {
    return d < this.n && (this.sizes[d] as number) !== UNKNOWN;
  }

  /** Keeps `d`'s list (best first, at most `width` long). */
  set(d: number, list: readonly { doc: number; score: number }[]): void {
    const base = d * this.width;
    const size = Math.min(list.length, this.width);
    for (let i = 0; i < size; i++) {
      const r = list[i] as { doc: number; score: number };
      this.scores[base + i] = r.score;
      this.docs[base + i] = r.doc;
    }
    this.sizes[d] = size;
  }

  /** Number of documents whose list is kept. */
  count(): number {
    let c = 0;
    for (let d = 0; d < this.n; d++) if ((this.sizes[d] as number) !== UNKNOWN) c++;
    return c;
  }

  /** Bytes of the arrays. */
  bytes(): number {
    return this.scores.byteLength + this.docs.byteLength + this.sizes.byteLength;
  }

  /** `d`'s kept list, best first. */
  list(d: number): { doc: number; score: number }[] {
    const base = d * this.width;
    const out: { doc: number; score: number }[] = [];
    for (let i = 0, size = this.sizes[d] as number; i < size; i++) {
      out.push({ doc: this.docs[base + i] as number, score: this.scores[base + i] as number });
    }
    return out;
  }

  /**
   * The best `k` of `d`'s list that score at least `minScore` and that `accept` keeps, or null
   * when the kept list cannot tell (not kept, `k` over the width, or too few pass a full list).
   */
  answer(d: number, k: number, minScore: number, accept: (doc: number) => boolean): { doc: number; score: number }[] | null {
    if (!this.has(d) || k > this.width) return null;
    const base = d * this.width;
    const size = this.sizes[d] as number;
    const out: { doc: number; score: number }[] = [];
    for (let i = 0; i < size && out.length < k; i++) {
      const score = this.scores[base + i] as number;
      // Best first: everything after scores lower still.
      if (score < minScore) return out;
      const doc = this.docs[base + i] as number;
      if (accept(doc)) out.push({ doc, score });
    }
    return out.length === k || size < this.width ? out : null;
  }
}

/**
 * Why `lists` cannot be the kept lists of an index whose articles are `ids`, or null. Each list
 * is checked in full: a length from -1 (not kept) to the width; other articles, each once;
 * finite scores in (0, maxScore]; score descending, ties by id ascending (the kernels' order).
 * Against the index, cheaply: a list shorter than the width holds every article that shares a
 * term with its own, so at least `reach.of(d)` of them (the df of d's most common counted term,
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
    if (size < -1 || size > width || size > n - 1) return d;
    if (size < width && size >= 0) {
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

/** What is wrong with document `d`'s list (firstBadList's find): its checks again, in order, naming the first that fails. */
function listFault(lists: ListCache, ids: readonly string[], maxScore: number, reach: Reach, d: number): string {
  const { n, width, sizes, docs, scores } = lists;
  const size = sizes[d] as number;
  if (size < -1 || size > width || size > n - 1) return `article ${d}'s list has length ${size}`;
  if (size < width && size >= 0) {
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
 * a crafted score in a list off the sample is answered as it is, until any change to the corpus
 * forgets every list.
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

/**
 * A Recommender's kept lists and the corpus generation they belong to. The Recommender bumps its
 * generation on every change and every renumbering of documents; lists of another generation are
 * never used.
 */
export class KeptLists {
  #enabled = true;
  #lists: ListCache | null = null;
  #generation = -1;

  get enabled(): boolean {
    return this.#enabled;
  }

  /** Turns keeping on or off; off frees the lists. */
  set enabled(on: boolean) {
    this.#enabled = on;
    if (!on) this.#lists = null;
  }

  /** The lists of `generation` (emptied and sized for `n` documents if older), or null when off. */
  forGeneration(generation: number, n: number): ListCache | null {
    if (!this.#enabled) return null;
    if (this.#lists === null) this.#lists = new ListCache(n, DEFAULT_WIDTH);
    else if (this.#generation !== generation) {
      // A relatedAll for shorter lists should not leave later default-sized queries unkept.
      if (this.#lists.width < DEFAULT_WIDTH) this.#lists = new ListCache(n, DEFAULT_WIDTH);
      else this.#lists.reset(n);
    }
    this.#generation = generation;
    return this.#lists;
  }

  /** The lists if they belong to `generation` and cover `n` documents, else null (nothing is reset). */
  current(generation: number, n: number): ListCache | null {
    const lists = this.#lists;
    return lists !== null && this.#generation === generation && lists.n === n ? lists : null;
  }

  /** Keeps `lists` as those of `generation` (when keeping is on). */
  adopt(lists: ListCache, generation: number): void {
    if (!this.#enabled) return;
    this.#lists = lists;
    this.#generation = generation;
  }

  /** Bytes held, current or not. */
  bytes(): number {
    return this.#lists === null ? 0 : this.#lists.bytes();
  }
}
