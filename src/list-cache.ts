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

/** Lists are this long unless `relatedAll` asked for longer ones. */
export const DEFAULT_WIDTH = 10;

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
