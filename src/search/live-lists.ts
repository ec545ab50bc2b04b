/**
 * Kept lists that outlive changes to the corpus. A change moves n and the document frequencies
 * of the changed article's terms, so every idf, every norm and every score moves a little; the
 * lists are not forgotten for it. Each list stays as it was until it is next read (most never
 * are between two changes); then `settle` brings it to now, exactly, without a search:
 *
 *   1. its entries are scored again (merging rows: the kernels' arithmetic, the same doubles);
 *   2. the articles added since are scored (scores are symmetric: the same double either way);
 *   3. so are the few articles whose norm drifted apart from the rest (outliers, below), unless
 *      their own ratio bound keeps them under the floor;
 *   4. every other article scored at most the floor F when the list was made, and scores now at
 *      most F * R^2 * (q's norm ratio) * (the largest norm ratio of the other articles): R the
 *      largest growth of the idf of a term of the list's own article, worked out from the log of
 *      changes (n and df then, against n and df now). DESIGN.md proves it ("Live lists").
 *
 * The list is the best of 1-3, cut to its depth, with that bound (or the best score cut off,
 * whichever is higher) as its new floor. Entries above the floor are certain; a query that needs
 * an entry at or under it searches again (kept-lists.ts `answer`), and so does a list whose log
 * is too long to walk cheaply, or one of whose article's terms switched on (minDf/maxDf).
 *
 * Norm ratios (norm-drift.ts) are measured against a reference at every refresh of the corpus
 * statistics; the articles that move apart from the rest are outliers, each with its own bound
 * (its ratio now over the smallest it had since the list was made), so a list scores only the
 * outliers whose bound is above the common one, and at most EXACT_OUTLIERS of those; the rest
 * raise its floor. Lists made before the reference's checkpoint are searched again when read.
 */
import type { DocTermMatrix, Remap } from "../corpus/matrix.js";
import { dfBound, idfBase, idfOffset } from "../corpus/weighting.js";
import { lowerBound } from "../corpus/lower-bound.js";
import { NormDrift } from "./norm-drift.js";
import { DEFAULT_WIDTH, keptDepth, ListCache, type ListKeeper } from "./kept-lists.js";
import { addend, capsAtOne, finish, mergeRow, prepareQuery, type PreparedQuery } from "./similarity.js";

/** Outliers a list scores exactly when it settles (the others raise its floor by their bound). */
const EXACT_OUTLIERS = 8;
/** A list more changes behind than this is searched again rather than settled (settling walks them all). */
const MAX_BEHIND = 256;
/** The log is dropped (a new checkpoint) past this many changes. */
const MAX_LOG = 4096;
/** A list scores at most this many holders of terms that switched on (minDf/maxDf) before searching instead. */
const SWITCHED_HOLDERS = 256;
/** Headroom for rounding: the bound is of real numbers, the floors and ratios are doubles. */
const SLACK = 1 + 1e-9;

/** One change: an article added (+1) or removed (-1), with its term ids ascending; 0 renumbered the corpus. */
interface Change {
  kind: 1 | -1 | 0;
  doc: number;
  terms: Uint32Array;
}

/** How often lists were settled and searched again since the index was made (for benchmarks). */
export interface LiveStats {
  /** Lists brought up to date without a search. */
  settled: number;
  /** Lists that had to be searched again (too far behind, a term switched on, an old checkpoint). */
  repaired: number;
  /** Queries that searched because an entry they needed was not above its list's floor. */
  uncertain: number;
}

/** What the kept lists read of their index. */
export interface KeptSource {
  matrix(): DocTermMatrix;
  ids(): readonly (string | undefined)[];
}

/** A Recommender's kept lists, kept exact across changes (see the file comment). */
export class KeptLists implements ListKeeper {
  readonly #source: KeptSource;
  #enabled = true;
  #lists: ListCache | null = null;
  /** Changes (adds, removes, renumberings) since the index was made. */
  #epoch = 0;
  /** #log[i] is change number #logStart + i. */
  #log: Change[] = [];
  #logStart = 0;
  /** How far each article's norm moved (the factor D of the bound, and the outliers). */
  readonly #drift = new NormDrift();
  #stamp = new Int32Array(0);
  #stampValue = 0;
  readonly #stats = { settled: 0, repaired: 0 };

  constructor(source: KeptSource) {
    this.#source = source;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  /** Turns keeping on or off; off frees the lists. */
  set enabled(on: boolean) {
    this.#enabled = on;
    if (!on) this.#lists = null;
  }

  /** The lists for a query (made empty, for `n` documents, the first time), or null when off. */
  lists(n: number): ListCache | null {
    if (!this.#enabled) return null;
    if (this.#lists === null) this.#attach(new ListCache(n, keptDepth(DEFAULT_WIDTH)));
    const lists = this.#lists as ListCache;
    lists.grow(n);
    return lists;
  }

  /**
   * The lists with every kept one settled to now (those that cannot be are forgotten), or null.
   * For relatedAll and save, which read every list.
   */
  current(n: number): ListCache | null {
    const lists = this.#lists;
    if (lists === null) return null;
    lists.grow(n);
    for (let d = 0; d < lists.n; d++) {
      if (lists.has(d) && (lists.epochs[d] as number) !== this.#epoch && !this.settle(lists, d)) lists.forget(d);
    }
    return lists;
  }

  /** How the lists fared across changes (see LiveStats). */
  get stats(): LiveStats {
    return { ...this.#stats, uncertain: this.#lists?.uncertain ?? 0 };
  }

  /** The lists as they are (not settled), or null: for counting them. */
  peek(): ListCache | null {
    return this.#lists;
  }

  /** Keeps `lists`, computed (by a search of every document) for the index as it is now. */
  adopt(lists: ListCache): void {
    if (!this.#enabled) return;
    const inv = this.#source.matrix().invNorm;
    for (let d = 0; d < lists.n; d++) {
      lists.epochs[d] = this.#epoch;
      if ((lists.invAt[d] as number) === 0) lists.invAt[d] = inv[d] as number;
    }
    this.#attach(lists);
  }

  #attach(lists: ListCache): void {
    lists.epoch = this.#epoch;
    lists.keeper = this;
    this.#lists = lists;
    // Lists made now need no change before now.
    this.#log = [];
    this.#logStart = this.#epoch;
  }

  /** Bytes held. */
  bytes(): number {
    return this.#lists === null ? 0 : this.#lists.bytes() + this.#drift.bytes();
  }

  /** Document `d`, holding `terms`, was added. */
  added(d: number, terms: ArrayLike<number>): void {
    this.#change(1, d, terms);
  }

  /** Document `d`, holding `terms`, was removed. */
  removed(d: number, terms: ArrayLike<number>): void {
    this.#lists?.forget(d);
    this.#change(-1, d, terms);
  }

  #change(kind: 1 | -1, d: number, terms: ArrayLike<number>): void {
    this.#epoch++;
    const lists = this.#lists;
    if (lists === null) return;
    // Lists shorter than a default page (a relatedAll of a small corpus, or for a short k) would
    // leave later default queries unkept: start over.
    if (lists.width < keptDepth(DEFAULT_WIDTH)) {
      this.#lists = null;
      return;
    }
    lists.epoch = this.#epoch;
    this.#log.push({ kind, doc: d, terms: Uint32Array.from(terms).sort() });
  }

  /** The corpus was compacted: documents and terms renumbered (scores may move by rounding: a change). */
  compacted(remap: Remap, n: number): void {
    this.#epoch++;
    const docs = remap.docs;
    this.#drift.renumber(docs, n);
    const lists = this.#lists;
    if (lists === null) return;
    lists.renumber(docs, n);
    lists.epoch = this.#epoch;
    for (const c of this.#log) {
      c.doc = c.doc >= 0 && c.doc < docs.length ? (docs[c.doc] as number) : -1;
      const terms: number[] = [];
      for (let i = 0; i < c.terms.length; i++) {
        const t = remap.terms[c.terms[i] as number] as number;
        if (t >= 0) terms.push(t);
      }
      c.terms = Uint32Array.from(terms).sort();
    }
    this.#log.push({ kind: 0, doc: -1, terms: new Uint32Array(0) });
  }

  /**
   * After the corpus statistics were refreshed: measures every article's norm (norm-drift.ts);
   * a new checkpoint (too many outliers, or too long a log) leaves lists made before it to be
   * searched again when read, and drops the log.
   */
  synced(m: DocTermMatrix): void {
    if (this.#drift.scan(m, this.#epoch, this.#log.length > MAX_LOG, this.#epoch - MAX_BEHIND)) {
      this.#log = [];
      this.#logStart = this.#epoch;
    }
  }

  /**
   * Brings document `d`'s list (current at an earlier change count) to now, exactly; false when
   * it cannot without a search (see the file comment).
   */
  settle(lists: ListCache, d: number): boolean {
    const e = lists.epochs[d] as number;
    if (e === this.#epoch) return true;
    const drift = this.#drift;
    const minRatio = drift.minRatioAt(e);
    if (e < drift.checkpoint || e < this.#logStart || this.#epoch - e > MAX_BEHIND || minRatio === undefined) return this.#repair();
    const m = this.#source.matrix();
    const ids = this.#source.ids();
    const inv = m.invNorm;
    const row = m.row(d);
    const q = prepareQuery(m, row, inv[d]);
    if (q === null) {
      // No counted term: nothing scores against it.
      lists.setWithFloor(d, [], 0, true, 0);
      this.#stats.settled++;
      return true;
    }
    const stamp = this.#nextStamp(m.nDocs);
    const seen = this.#stamp;
    seen[d] = stamp;
    const cap = capsAtOne(m.options.norm);
    const found: { doc: number; score: number }[] = [];
    const offer = (e2: number) => {
      if (seen[e2] === stamp) return;
      seen[e2] = stamp;
      if ((inv[e2] as number) === 0) return;
      const score = finish(mergeRow(m, q, e2, 0, 0), q.invNorm, inv[e2] as number, cap);
      if (score > 0) found.push({ doc: e2, score });
    };
    // The changes since: document frequencies then, and the articles added.
    const terms = q.terms;
    const dfDelta = new Int32Array(terms.length);
    let nDelta = 0;
    const { baseDocs } = m;
    const delta = m.deltaRows;
    for (let c = e - this.#logStart; c < this.#log.length; c++) {
      const change = this.#log[c] as Change;
      if (change.kind === 0) continue;
      nDelta += change.kind;
      // An article added since, still in the delta: one walk gives the shared terms' df change and
      // its score (the addends of dotFrom, in the same order, so the same double).
      const added = change.kind === 1 && change.doc >= baseDocs && change.doc < m.nDocs ? delta[change.doc - baseDocs] : null;
      if (added && seen[change.doc] !== stamp && (inv[change.doc] as number) !== 0) {
        const sum = shareTerms(q, added.terms, added.weights, 1, dfDelta);
        seen[change.doc] = stamp;
        const score = finish(sum, q.invNorm, inv[change.doc] as number, cap);
        if (score > 0) found.push({ doc: change.doc, score });
        continue;
      }
      shareTerms(q, change.terms, null, change.kind, dfDelta);
      if (change.kind === 1 && change.doc >= 0 && change.doc < m.nDocs) offer(change.doc);
    }
    // R^2 (largest idf growth of d's terms) and d's 1/|q| ratio.
    const { idf: mode, minDf, maxDf } = m.options;
    const nThen = m.nAlive - nDelta;
    const a = nThen > 0 ? idfBase(nThen, mode) : 0;
    const lo = dfBound(minDf, nThen);
    const hi = dfBound(maxDf, nThen);
    const df = m.df;
    let r2 = 0;
    const switchedOn: number[] = [];
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i] as number;
      const dfThen = (df[t] as number) - (dfDelta[i] as number);
      const idfThen = dfThen > 0 && dfThen >= lo && dfThen <= hi ? a - idfOffset(dfThen, mode) : 0;
      const idfNow = m.idf(t);
      if (idfThen <= 0) {
        // A term switched on (minDf/maxDf): the articles that hold it are scored below.
        if (idfNow > 0) switchedOn.push(t);
        continue;
      }
      const r = idfNow / idfThen;
      if (r * r > r2) r2 = r * r;
    }
    const l2 = m.options.norm === "l2";
    const qRatio = l2 ? q.invNorm / (lists.invAt[d] as number) : 1;
    const dRatio = l2 ? drift.maxRatio / minRatio : 1;
    // Articles holding a term that switched on score against d through it: all are scored (a
    // term just over minDf is rare), or the list is searched again when they are many.
    if (switchedOn.length > 0 && !this.#offerHolders(m, switchedOn, offer)) return this.#repair();
    // The entries, scored again, then the outliers: scored, or bounded by their own ratio.
    const width = lists.width;
    for (let i = d * width, end = i + (lists.sizes[d] as number); i < end; i++) offer(lists.docs[i] as number);
    let worst = dRatio;
    let exact = EXACT_OUTLIERS;
    for (const o of drift.outliers) {
      if (o >= m.nDocs || seen[o] === stamp || (inv[o] as number) === 0) continue;
      // Its ratio then was at least the common minimum (an outlier since) or its own smallest.
      const own = l2 ? drift.ownRatio(o, e, minRatio, inv[o] as number) : 1;
      if (own <= worst) continue;
      if (exact > 0 || own === Infinity) {
        exact--;
        offer(o);
      } else worst = own;
    }
    const floor = lists.floors[d] as number;
    const bound = floor === 0 ? 0 : floor * r2 * qRatio * worst * SLACK;
    if (!(bound >= 0) || !Number.isFinite(bound)) return this.#repair();
    found.sort((x, y) => y.score - x.score || ((ids[x.doc] as string) < (ids[y.doc] as string) ? -1 : 1));
    let newFloor = bound;
    if (found.length > width) {
      newFloor = Math.max(bound, (found[width] as { score: number }).score);
      found.length = width;
    }
    lists.setWithFloor(d, found, newFloor, false, q.invNorm);
    this.#stats.settled++;
    return true;
  }

  /** Offers every article holding one of `terms`; false when they are more than SWITCHED_HOLDERS. */
  #offerHolders(m: DocTermMatrix, terms: readonly number[], offer: (d: number) => void): boolean {
    let holders = 0;
    for (const t of terms) holders += m.df[t] as number;
    if (holders > SWITCHED_HOLDERS) return false;
    const { termPtr, postDoc, baseTerms, baseDocs } = m;
    for (const t of terms) {
      if (t < baseTerms) for (let p = termPtr[t] as number, end = termPtr[t + 1] as number; p < end; p++) offer(postDoc[p] as number);
    }
    const delta = m.deltaRows;
    for (let i = 0; i < delta.length; i++) {
      const row = delta[i];
      if (!row) continue;
      for (const t of terms) {
        const at = lowerBound(row.terms, 0, row.terms.length, t);
        if (at < row.terms.length && row.terms[at] === t) {
          offer(baseDocs + i);
          break;
        }
      }
    }
    return true;
  }

  #repair(): false {
    this.#stats.repaired++;
    return false;
  }

  #nextStamp(n: number): number {
    if (this.#stamp.length < n) {
      this.#stamp = new Int32Array(Math.max(n, Math.ceil(this.#stamp.length * 1.25)));
      this.#stampValue = 0;
    }
    return ++this.#stampValue;
  }
}

/**
 * Walks the query's terms against another row's (both ascending): adds `kind` to `dfDelta[i]` for
 * each query term i the row holds, and with the row's `weights` returns the sum of the shared
 * terms' addends, dotFrom's, in its order (so the same double); 0 without.
 */
function shareTerms(q: PreparedQuery, other: ArrayLike<number>, weights: ArrayLike<number> | null, kind: number, dfDelta: Int32Array): number {
  const terms = q.terms;
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < terms.length && j < other.length) {
    const x = terms[i] as number;
    const y = other[j] as number;
    if (x < y) i++;
    else if (x > y) j++;
    else {
      dfDelta[i] = (dfDelta[i] as number) + kind;
      if (weights !== null) sum += addend(q.idf2[i] as number, q.weights[i] as number, weights[j] as number);
      i++;
      j++;
    }
  }
  return sum;
}
