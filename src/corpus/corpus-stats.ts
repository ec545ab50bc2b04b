/**
 * Corpus statistics: what turns stored tf weights into tf-idf cosines, kept up to date as
 * documents come and go.
 *
 *   per term      document frequency df, idf offset b(df), and whether the term counts (its df
 *                 within minDf..maxDf): idf(t) = a(n) - b(df_t) for an active term, 0 otherwise
 *   per document  alive, the norm sums S0, S1, S2 and 1/|d| = 1/sqrt(a^2 S0 - 2a S1 + S2)
 *
 * (see weighting.ts). Adding or removing a document only marks its terms; `refresh` then patches
 * the sums of the base documents that hold a marked term (recounting any the patch would leave
 * imprecise), takes the delta rows' sums from their rows, and recomputes every 1/|d|. So one
 * change costs the postings of the terms it touches, and results stay exactly those of a fresh
 * build.
 */
import type { DocIndex, MatrixOptions, RowTerms, Segment, SparseRow } from "./segment.js";
import { dfBound, idfBase, idfOffset, invNormFromSums, termCounts } from "./weighting.js";

/** Per-document sums S0, S1, S2 from which norms follow for any corpus size (weighting.ts). */
export interface NormSums {
  s0: Float64Array;
  s1: Float64Array;
  s2: Float64Array;
}

/** What `refresh` reads of the corpus: the base postings and rows, and the rows added since. */
export type CorpusRows = Pick<Segment, "baseDocs" | "baseTerms" | "termPtr" | "postDoc" | "postW" | "deltaRows" | "row">;

function grow<T extends Int32Array | Uint8Array | Float64Array>(a: T, need: number): T {
  if (a.length >= need) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2, 16));
  b.set(a);
  return b;
}

/**
 * A patched norm sum is recounted from its row when a term taken out of it weighed more than this
 * many times what is left: the patch's rounding error, relative to the sum, grows by that ratio.
 */
const LOSSLESS_SHARE = 16;

/** The statistics of one corpus (see the file comment); DocTermMatrix feeds it its changes. */
export class CorpusStats {
  readonly #options: Readonly<MatrixOptions>;

  // Per term.
  #nTerms = 0;
  #df: Int32Array = new Int32Array(0);
  /** idf offset b(df) of each term (weighting.ts). */
  #b: Float64Array = new Float64Array(0);
  #active: Uint8Array = new Uint8Array(0);
  #syncedDf: Int32Array = new Int32Array(0);
  #syncedActive: Uint8Array = new Uint8Array(0);
  #dirty: Uint8Array = new Uint8Array(0);
  #dirtyList: number[] = [];

  // Per document slot.
  #nDocs = 0;
  #nAlive = 0;
  #alive: Uint8Array = new Uint8Array(0);
  #invNorm: Float64Array = new Float64Array(0);
  #s0: Float64Array = new Float64Array(0);
  #s1: Float64Array = new Float64Array(0);
  #s2: Float64Array = new Float64Array(0);

  /** idf base a(n) after the last refresh. */
  #idfA = 0;
  #version = 0;
  #stale = false;

  constructor(options: Readonly<MatrixOptions>) {
    this.#options = options;
  }

  get nTerms(): number {
    return this.#nTerms;
  }

  get nDocs(): number {
    return this.#nDocs;
  }

  get nAlive(): number {
    return this.#nAlive;
  }

  /** Document frequency per term (the array may be longer than nTerms). */
  get df(): Readonly<Int32Array> {
    return this.#df;
  }

  /** 1 for a live document slot, 0 for a removed one. */
  get alive(): Readonly<Uint8Array> {
    return this.#alive;
  }

  /** 1/|d| per document slot, valid after `refresh()`. */
  get invNorm(): Readonly<Float64Array> {
    return this.#invNorm;
  }

  /** Bumped by every refresh that changed something (see Segment.version). */
  get version(): number {
    return this.#version;
  }

  /** True when documents came or went since the last refresh. */
  get stale(): boolean {
    return this.#stale;
  }

  /** The current idf of term `t` (0 for an inactive term). Valid after `refresh()`. */
  idf(t: number): number {
    return this.#active[t] ? this.#idfA - (this.#b[t] as number) : 0;
  }

  /** Makes room for term ids below `n`. */
  ensureTerms(n: number): void {
    if (n <= this.#nTerms) return;
    this.#df = grow(this.#df, n);
    this.#b = grow(this.#b, n);
    this.#active = grow(this.#active, n);
    this.#syncedDf = grow(this.#syncedDf, n);
    this.#syncedActive = grow(this.#syncedActive, n);
    this.#dirty = grow(this.#dirty, n);
    this.#nTerms = n;
  }

  /**
   * Counts a new document slot holding `terms` (distinct ids below nTerms); returns its index.
   * The order the terms are first touched in is the order refresh patches the base sums in.
   */
  addDoc(terms: Uint32Array): DocIndex {
    const d = this.#nDocs++;
    this.#alive = grow(this.#alive, this.#nDocs);
    this.#invNorm = grow(this.#invNorm, this.#nDocs);
    this.#s0 = grow(this.#s0, this.#nDocs);
    this.#s1 = grow(this.#s1, this.#nDocs);
    this.#s2 = grow(this.#s2, this.#nDocs);
    this.#alive[d] = 1;
    for (let i = 0, n = terms.length; i < n; i++) this.#touchTerm(terms[i] as number, 1);
    this.#nAlive++;
    this.#stale = true;
    return d;
  }

  /** Uncounts live document `d`, which holds `terms`. */
  removeDoc(d: DocIndex, terms: Readonly<RowTerms>): void {
    for (let i = 0, n = terms.length; i < n; i++) this.#touchTerm(terms[i] as number, -1);
    this.#alive[d] = 0;
    this.#nAlive--;
    this.#stale = true;
  }

  #touchTerm(t: number, delta: number): void {
    this.#df[t] = (this.#df[t] as number) + delta;
    if (!this.#dirty[t]) {
      this.#dirty[t] = 1;
      this.#dirtyList.push(t);
    }
  }

  /**
   * Brings idf, active terms and document norms up to date with every add and remove since the
   * last call. Cost: the postings of the terms whose document frequency changed, plus O(docs).
   * The delta rows must ascend (DeltaRows#ascendAll).
   */
  refresh(corpus: CorpusRows): void {
    if (!this.#stale) return;
    const { idf, minDf, maxDf } = this.#options;
    const n = this.#nAlive;
    const lo = dfBound(minDf, n);
    const hi = dfBound(maxDf, n);
    const dirty = this.#dirtyList;
    for (let i = 0; i < dirty.length; i++) {
      const t = dirty[i] as number;
      const df = this.#df[t] as number;
      this.#b[t] = df > 0 ? idfOffset(df, idf) : 0;
    }
    // Fractional bounds move with n: any term may cross them, so all are checked.
    const fractional = (minDf > 0 && minDf < 1) || (maxDf > 0 && maxDf < 1);
    const check = fractional ? null : dirty.slice();
    const count = check ? check.length : this.#nTerms;
    for (let i = 0; i < count; i++) {
      const t = check ? (check[i] as number) : i;
      const df = this.#df[t] as number;
      const on = termCounts(df, lo, hi) ? 1 : 0;
      this.#active[t] = on;
      if (on !== this.#syncedActive[t] && !this.#dirty[t]) {
        this.#dirty[t] = 1;
        dirty.push(t);
      }
    }
    this.#patchBaseSums(dirty, corpus);
    this.#dirtyList = [];
    const delta = corpus.deltaRows;
    for (let i = 0; i < delta.length; i++) {
      const row = delta[i];
      if (!row) continue;
      this.#sumsFromRow(corpus.baseDocs + i, row);
    }
    this.#idfA = n > 0 ? idfBase(n, idf) : 0;
    this.#updateNorms();
    this.#stale = false;
    this.#version++;
  }

  #patchBaseSums(dirty: number[], corpus: CorpusRows): void {
    const lossy: number[] = [];
    const s0 = this.#s0;
    const s1 = this.#s1;
    const s2 = this.#s2;
    const { baseTerms, termPtr, postDoc: docs, postW: ws } = corpus;
    for (let i = 0; i < dirty.length; i++) {
      const t = dirty[i] as number;
      const was = this.#syncedActive[t] as number;
      const now = this.#active[t] as number;
      const b0 = was ? idfOffset(this.#syncedDf[t] as number, this.#options.idf) : 0;
      const b1 = now ? (this.#b[t] as number) : 0;
      this.#dirty[t] = 0;
      this.#syncedDf[t] = this.#df[t] as number;
      this.#syncedActive[t] = now;
      if (t >= baseTerms || (was === now && (now === 0 || b0 === b1))) continue;
      const d0 = now - was;
      const d1 = now * b1 - was * b0;
      const d2 = now * b1 * b1 - was * b0 * b0;
      for (let p = termPtr[t] as number, end = termPtr[t + 1] as number; p < end; p++) {
        const d = docs[p] as number;
        const w = ws[p] as number;
        const w2 = w * w;
        s0[d] = (s0[d] as number) + w2 * d0;
        s1[d] = (s1[d] as number) + w2 * d1;
        s2[d] = (s2[d] as number) + w2 * d2;
        // Taking out a term that held most of a document's norm leaves the rounding of the large
        // addend in a small sum (a tag weighted 1e6 switched off by maxDf: 1e-6 off): recount it.
        if (d0 < 0 && w2 > LOSSLESS_SHARE * (s0[d] as number)) lossy.push(d);
      }
    }
    for (let i = 0; i < lossy.length; i++) {
      const d = lossy[i] as number;
      if (this.#alive[d]) this.#sumsFromRow(d, corpus.row(d));
    }
  }

  #sumsFromRow(d: DocIndex, row: SparseRow): void {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    const { terms, weights } = row;
    for (let i = 0, n = terms.length; i < n; i++) {
      const t = terms[i] as number;
      if (!this.#active[t]) continue;
      const w = weights[i] as number;
      const w2 = w * w;
      const b = this.#b[t] as number;
      s0 += w2;
      s1 += w2 * b;
      s2 += w2 * b * b;
    }
    this.#s0[d] = s0;
    this.#s1[d] = s1;
    this.#s2[d] = s2;
  }

  #updateNorms(): void {
    const a = this.#idfA;
    const l2 = this.#options.norm === "l2";
    for (let d = 0; d < this.#nDocs; d++) {
      if (!this.#alive[d]) {
        this.#invNorm[d] = 0;
        continue;
      }
      if (!l2) {
        this.#invNorm[d] = 1;
        continue;
      }
      this.#invNorm[d] = invNormFromSums(a, this.#s0[d] as number, this.#s1[d] as number, this.#s2[d] as number);
    }
  }

  /**
   * Starts over from a compacted corpus of `nd` live documents and these document frequencies:
   * with `sums` (saved at a compaction) taken as they are, O(docs + terms); without, built from
   * the postings of `corpus`, in term order.
   */
  load(df: Int32Array, nd: number, corpus: CorpusRows, sums?: NormSums): void {
    const nt = df.length;
    this.#nTerms = 0;
    this.#df = new Int32Array(0);
    this.ensureTerms(nt);
    this.#df.set(df);
    this.#dirtyList = [];
    this.#dirty.fill(0);
    this.#nDocs = nd;
    this.#nAlive = nd;
    this.#alive = new Uint8Array(nd).fill(1);
    this.#invNorm = new Float64Array(nd);
    if (sums) {
      this.#restoreSums(sums);
      return;
    }
    this.#s0 = new Float64Array(nd);
    this.#s1 = new Float64Array(nd);
    this.#s2 = new Float64Array(nd);
    // Every term is "dirty" relative to an empty state: sums are built from scratch, in order.
    this.#syncedActive.fill(0);
    this.#syncedDf.fill(0);
    for (let t = 0; t < nt; t++) {
      this.#dirty[t] = 1;
      this.#dirtyList.push(t);
    }
    this.#stale = true;
    this.refresh(corpus);
  }

  /** Takes saved norm sums as they are (they were computed at a compaction): O(docs + terms). */
  #restoreSums(sums: NormSums): void {
    const { idf, minDf, maxDf } = this.#options;
    const n = this.#nAlive;
    const lo = dfBound(minDf, n);
    const hi = dfBound(maxDf, n);
    // Copies: the norm sums change with later updates, and must not write into the caller's bytes.
    this.#s0 = sums.s0.slice();
    this.#s1 = sums.s1.slice();
    this.#s2 = sums.s2.slice();
    for (let t = 0; t < this.#nTerms; t++) {
      const df = this.#df[t] as number;
      this.#b[t] = df > 0 ? idfOffset(df, idf) : 0;
      const on = termCounts(df, lo, hi) ? 1 : 0;
      this.#active[t] = on;
      this.#syncedActive[t] = on;
      this.#syncedDf[t] = df;
    }
    this.#idfA = n > 0 ? idfBase(n, idf) : 0;
    this.#updateNorms();
    this.#stale = false;
    this.#version++;
  }

  /** The per-document norm sums (see weighting.ts), for snapshots. */
  sums(): NormSums {
    const n = this.#nDocs;
    return { s0: this.#s0.subarray(0, n), s1: this.#s1.subarray(0, n), s2: this.#s2.subarray(0, n) };
  }

  /** Bytes of the typed arrays held, for memory figures. */
  bytes(): number {
    let n = 0;
    for (const a of [this.#df, this.#b, this.#active, this.#syncedDf, this.#syncedActive, this.#dirty, this.#alive, this.#invNorm, this.#s0, this.#s1, this.#s2]) {
      n += a.byteLength;
    }
    return n;
  }
}
