/**
 * Exact related lists kept between queries: each article's best `width` neighbours (score
 * descending, id ascending), filled by `relatedAll` for every article at once or by `recommend`
 * one article at a time, `width` a little deeper than any page asks (see keptDepth), and each
 * with its floor: no article outside the list scores above it. A change to the corpus does not
 * forget them: live-lists.ts brings a list up to date when it is next read (its entries scored
 * again, the articles added since scored, the floor raised by the drift bound), and searches
 * again only when the floor has come too close to the entries a query needs.
 *
 * An entry is certain when its score is above the floor (or equal to it, in a list just
 * searched, whose ties with articles left out are broken by id as the kernels break them). The
 * best k that pass a filter, an exclusion or a minimum score are the first k passing entries
 * when all are certain, or every passing entry when nothing outside can reach them (floor 0, or
 * a minimum score above the floor).
 */

/** Lists serve pages this long unless `relatedAll` asked for longer ones (kept keptDepth(10) deep). */
export const DEFAULT_WIDTH = 10;

/**
 * The longest kept lists a snapshot may carry. The width stays with the lists as the corpus
 * grows (see KeptLists), so a width far beyond any page's needs would make each later add
 * allocate width * 12 bytes per article.
 */
export const MAX_WIDTH = 10_000;

/** Not computed since the last change. */
const UNKNOWN = -1;

/**
 * How deep lists are kept for a page of `width`: deeper by half (10 at least), so that the floor
 * (the best score left out) starts well below the entries a page shows and the drift of later
 * changes (live-lists.ts) seldom reaches them.
 */
export function keptDepth(width: number): number {
  return width + Math.max(10, Math.ceil(width / 2));
}

/** What keeps lists up to date across changes (live-lists.ts): brings `d`'s list to now, or says it cannot. */
export interface ListKeeper {
  /** True when `d`'s list is (now) current; false when it must be searched again (and is forgotten). */
  settle(lists: ListCache, d: number): boolean;
}

export class ListCache {
  readonly width: number;
  /** Number of documents the lists cover (documents 0 .. n-1). */
  n: number;
  scores: Float64Array;
  docs: Int32Array;
  /** Length of each document's list, or UNKNOWN. */
  sizes: Int32Array;
  /** Each list's floor: no document outside the list scores above it (0: none scores at all). */
  floors: Float64Array;
  /** 1 for a list as a search left it: documents left out that score its floor come after its entries. */
  tight: Uint8Array;
  /** The change count (live-lists.ts) each list is current at. */
  epochs: Int32Array;
  /** The 1/|q| each list's scores were computed with (the drift bound compares it with today's). */
  invAt: Float64Array;
  /** The change count lists set now are current at. */
  epoch = 0;
  /** Brings a list read after changes up to date (none: lists never outlive a change). */
  keeper: ListKeeper | null = null;
  /** Queries a kept list could not answer because an entry they needed was not above the floor. */
  uncertain = 0;

  /** @param arrays existing lists (a snapshot's), or none to start with every list unknown */
  constructor(
    n: number,
    width: number,
    arrays?: { sizes: Int32Array; docs: Int32Array; scores: Float64Array; floors?: Float64Array; tight?: Uint8Array },
  ) {
    this.n = n;
    this.width = width;
    this.scores = arrays?.scores ?? new Float64Array(n * width);
    this.docs = arrays?.docs ?? new Int32Array(n * width);
    this.sizes = arrays?.sizes ?? new Int32Array(n).fill(UNKNOWN);
    this.epochs = new Int32Array(n);
    this.invAt = new Float64Array(n);
    if (arrays?.floors !== undefined && arrays.tight !== undefined) {
      this.floors = arrays.floors;
      this.tight = arrays.tight;
    } else {
      // Lists as searches left them (a snapshot of format 5 or older): the floor is a full list's last score.
      this.floors = new Float64Array(n);
      this.tight = new Uint8Array(n).fill(1);
      for (let d = 0; d < n; d++) if (this.sizes[d] === width) this.floors[d] = this.scores[d * width + width - 1] as number;
    }
  }

  /** Makes room for `n` documents (new ones with no list), reusing the arrays when they fit. */
  grow(n: number): void {
    if (n > this.sizes.length) {
      // Room to grow: a corpus that gains an article between queries should not reallocate each time.
      const capacity = Math.max(n, Math.ceil(this.sizes.length * 1.25));
      const grown = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (size: number) => T, per: number): T => {
        const b = make(capacity * per);
        b.set(a.subarray(0, this.n * per));
        return b;
      };
      this.scores = grown(this.scores, (s) => new Float64Array(s), this.width);
      this.docs = grown(this.docs, (s) => new Int32Array(s), this.width);
      this.sizes = grown(this.sizes, (s) => new Int32Array(s), 1);
      this.floors = grown(this.floors, (s) => new Float64Array(s), 1);
      this.tight = grown(this.tight, (s) => new Uint8Array(s), 1);
      this.epochs = grown(this.epochs, (s) => new Int32Array(s), 1);
      this.invAt = grown(this.invAt, (s) => new Float64Array(s), 1);
    }
    if (n > this.n) this.sizes.fill(UNKNOWN, this.n, n);
    this.n = n;
  }

  /** Forgets every list and makes room for `n` documents. */
  reset(n: number): void {
    this.sizes.fill(UNKNOWN, 0, Math.min(this.n, this.sizes.length));
    this.n = 0;
    this.grow(n);
  }

  /** Forgets document `d`'s list. */
  forget(d: number): void {
    this.sizes[d] = UNKNOWN;
  }

  /** True when document `d`'s list is kept. */
  has(d: number): boolean {
    return d < this.n && (this.sizes[d] as number) !== UNKNOWN;
  }

  /**
   * Keeps `d`'s list as a search found it (best first, the best `width` of every document, or
   * all when shorter), scored with `invNorm` as d's 1/|q|.
   */
  set(d: number, list: readonly { doc: number; score: number }[], invNorm: number): void {
    const size = Math.min(list.length, this.width);
    this.setWithFloor(d, list, size === this.width ? (list[size - 1] as { score: number }).score : 0, true, invNorm);
  }

  /** Keeps `d`'s list (best first, cut to `width`) with its floor, current now. */
  setWithFloor(d: number, list: readonly { doc: number; score: number }[], floor: number, tight: boolean, invNorm: number): void {
    const base = d * this.width;
    const size = Math.min(list.length, this.width);
    for (let i = 0; i < size; i++) {
      const r = list[i] as { doc: number; score: number };
      this.scores[base + i] = r.score;
      this.docs[base + i] = r.doc;
    }
    this.sizes[d] = size;
    this.floors[d] = floor;
    this.tight[d] = tight ? 1 : 0;
    this.epochs[d] = this.epoch;
    this.invAt[d] = invNorm;
  }

  /**
   * Follows a compaction: `docs[old]` is a document's new number (-1: gone). Lists of documents
   * gone are dropped, and so are their entries in other lists (a removed document scores nothing).
   */
  renumber(docs: Int32Array, n: number): void {
    const width = this.width;
    const next = new ListCache(n, width);
    next.epoch = this.epoch;
    next.keeper = this.keeper;
    for (let d = 0; d < this.n; d++) {
      const to = docs[d] as number;
      if (to < 0 || !this.has(d)) continue;
      let size = 0;
      for (let i = d * width, end = i + (this.sizes[d] as number); i < end; i++) {
        const e = docs[this.docs[i] as number] as number;
        if (e < 0) continue;
        next.docs[to * width + size] = e;
        next.scores[to * width + size] = this.scores[i] as number;
        size++;
      }
      next.sizes[to] = size;
      next.floors[to] = this.floors[d] as number;
      next.tight[to] = this.tight[d] as number;
      next.epochs[to] = this.epochs[d] as number;
      next.invAt[to] = this.invAt[d] as number;
    }
    this.n = n;
    this.scores = next.scores;
    this.docs = next.docs;
    this.sizes = next.sizes;
    this.floors = next.floors;
    this.tight = next.tight;
    this.epochs = next.epochs;
    this.invAt = next.invAt;
  }

  /** True when `d`'s list is current and its first k entries are its exact top k (for relatedAll). */
  holdsTop(d: number, k: number): boolean {
    if (!this.has(d) || (this.epochs[d] as number) !== this.epoch) return false;
    const size = this.sizes[d] as number;
    const floor = this.floors[d] as number;
    if (size < k) return floor === 0;
    const last = this.scores[d * this.width + k - 1] as number;
    return last > floor || (this.tight[d] === 1 && last >= floor);
  }

  /** Number of documents whose list is kept. */
  count(): number {
    let c = 0;
    for (let d = 0; d < this.n; d++) if ((this.sizes[d] as number) !== UNKNOWN) c++;
    return c;
  }

  /** Bytes of the arrays. */
  bytes(): number {
    return (
      this.scores.byteLength + this.docs.byteLength + this.sizes.byteLength + this.floors.byteLength + this.tight.byteLength + this.epochs.byteLength + this.invAt.byteLength
    );
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
    if ((this.epochs[d] as number) !== this.epoch && (this.keeper === null || !this.keeper.settle(this, d))) {
      this.forget(d);
      return null;
    }
    const base = d * this.width;
    const size = this.sizes[d] as number;
    const floor = this.floors[d] as number;
    const tight = this.tight[d] === 1;
    // Nothing outside the list can be listed: it scores 0 (floor 0) or under the minimum score.
    const closed = floor === 0 || floor < minScore;
    const out: { doc: number; score: number }[] = [];
    for (let i = 0; i < size && out.length < k; i++) {
      const score = this.scores[base + i] as number;
      // Best first: everything after scores lower still.
      if (score < minScore) return out;
      // An entry at or under the floor may be passed by a document outside the list.
      if (!closed && !(score > floor || (tight && score >= floor))) {
        this.uncertain++;
        return null;
      }
      const doc = this.docs[base + i] as number;
      if (accept(doc)) out.push({ doc, score });
    }
    if (out.length === k || closed) return out;
    this.uncertain++;
    return null;
  }
}
