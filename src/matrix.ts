/**
 * The index: a document-term matrix kept as
 *
 *   base   a CSR segment built at the last compaction: postings term -> (docIndex, tf weight) in
 *          `termPtr/postDoc/postW`, and rows doc -> ascending term ids in `rowPtr/rowTerm`, 16-bit
 *          while there are at most 65,536 terms. A row entry's weight is found by a binary search
 *          of the document in its term's postings (`positionOf`). A posting costs 10 bytes
 *          (docIndex, weight, 16-bit row entry), 12 with more terms.
 *   delta  documents added since, one small sparse row each (compacted into base once it grows).
 *          A row may arrive in any term order: compaction does not need order, so a full build
 *          never sorts a row; rows added to a base are sorted at once (see addDoc), and
 *          `refresh` (which every query passes first) sorts any left.
 *
 * Stored weights are tf only. IDF is applied at query time and document norms come from three
 * per-document sums (see weighting.ts), so adding or removing one document updates only the
 * sums of the documents that share its terms, and results stay exactly those of a fresh build.
 * Term ids are renumbered by ascending document frequency at each compaction, so that rare terms
 * come first in every row.
 */
import { lowerBound } from "./lower-bound.js";
import { dfBound, idfBase, idfOffset, type IdfMode, type NormMode } from "./weighting.js";

export type DocIndex = number;

/** A sparse vector: ascending term ids and their tf weights. */
export interface SparseRow {
  terms: Uint32Array;
  weights: Float32Array;
}

export interface MatrixOptions {
  idf: IdfMode;
  norm: NormMode;
  minDf: number;
  maxDf: number;
}

/** The term-major half of a compacted matrix: what snapshots store. */
export type PostingArrays = Omit<MatrixArrays, "rowPtr" | "rowTerm">;

/** Row entries: term ids, 16-bit while the ids fit. */
export type RowTerms = Uint16Array | Uint32Array;

/** Per-document sums S0, S1, S2 from which norms follow for any corpus size (weighting.ts). */
export interface NormSums {
  s0: Float64Array;
  s1: Float64Array;
  s2: Float64Array;
}

/** Compaction renumbering: `docs[old]` / `terms[old]` is the new index, or -1 when dropped. */
export interface Remap {
  docs: Int32Array;
  terms: Int32Array;
}

/** The arrays of a compacted matrix, as snapshots store them. */
export interface MatrixArrays {
  df: Int32Array;
  termPtr: Uint32Array;
  postDoc: Uint32Array;
  postW: Float32Array;
  rowPtr: Uint32Array;
  rowTerm: RowTerms;
}

const COMPACT_MIN_DELTA = 256;

function grow<T extends Int32Array | Uint8Array | Float64Array>(a: T, need: number): T {
  if (a.length >= need) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2, 16));
  b.set(a);
  return b;
}

/** Sorts a row by term id in place, weights alongside (O(n) when it already ascends). */
function ascend(row: SparseRow): void {
  const { terms, weights } = row;
  let i = 1;
  while (i < terms.length && (terms[i - 1] as number) < (terms[i] as number)) i++;
  if (i >= terms.length) return;
  const n = terms.length;
  const order = n < POSITIONS ? packedOrder(terms) : Array.from(terms.keys()).sort((a, b) => (terms[a] as number) - (terms[b] as number));
  const t = terms.slice();
  const w = weights.slice();
  for (let k = 0; k < n; k++) {
    terms[k] = t[order[k] as number] as number;
    weights[k] = w[order[k] as number] as number;
  }
}

/** Positions a packed sort key can hold next to a 32-bit term id in a double's 53 bits. */
const POSITIONS = 1 << 21;

/** Positions of `terms` by ascending term: keys term * 2^21 + position sort natively, without comparator calls. */
function packedOrder(terms: Uint32Array): Uint32Array {
  const n = terms.length;
  const keys = new Float64Array(n);
  for (let k = 0; k < n; k++) keys[k] = (terms[k] as number) * POSITIONS + k;
  keys.sort();
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = (keys[k] as number) % POSITIONS;
  return order;
}

/**
 * A patched norm sum is recounted from its row when a term taken out of it weighed more than this
 * many times what is left: the patch's rounding error, relative to the sum, grows by that ratio.
 */
const LOSSLESS_SHARE = 16;

export class DocTermMatrix {
  readonly options: MatrixOptions;

  // Per term.
  nTerms = 0;
  df: Int32Array = new Int32Array(0);
  /** idf offset b(df) of each term (weighting.ts). */
  b: Float64Array = new Float64Array(0);
  active: Uint8Array = new Uint8Array(0);
  #syncedDf = new Int32Array(0);
  #syncedActive = new Uint8Array(0);
  #dirty = new Uint8Array(0);
  #dirtyList: number[] = [];

  // Per document slot.
  nDocs = 0;
  nAlive = 0;
  alive: Uint8Array = new Uint8Array(0);
  invNorm: Float64Array = new Float64Array(0);
  #s0 = new Float64Array(0);
  #s1 = new Float64Array(0);
  #s2 = new Float64Array(0);

  // Base segment.
  baseDocs = 0;
  baseTerms = 0;
  baseDeleted = 0;
  termPtr: Uint32Array = new Uint32Array(1);
  postDoc: Uint32Array = new Uint32Array(0);
  postW: Float32Array = new Float32Array(0);
  rowPtr: Uint32Array = new Uint32Array(1);
  rowTerm: RowTerms = new Uint16Array(0);

  // Delta segment: row of document baseDocs + i, or null once removed.
  deltaRows: (SparseRow | null)[] = [];

  /** idf base a(n) after the last refresh. */
  idfA = 0;
  /** Bumped whenever weights or norms change, so derived data (pruning bounds) knows it is stale. */
  version = 0;
  #stale = false;

  constructor(options: MatrixOptions) {
    this.options = options;
  }

  /** Makes room for term ids below `n`. */
  ensureTerms(n: number): void {
    if (n <= this.nTerms) return;
    this.df = grow(this.df, n);
    this.b = grow(this.b, n);
    this.active = grow(this.active, n);
    this.#syncedDf = grow(this.#syncedDf, n);
    this.#syncedActive = grow(this.#syncedActive, n);
    this.#dirty = grow(this.#dirty, n);
    this.nTerms = n;
  }

  /** Adds a document (its term ids must be below `nTerms`, distinct, in any order); returns its index. */
  addDoc(row: SparseRow): DocIndex {
    const d = this.nDocs++;
    this.alive = grow(this.alive, this.nDocs);
    this.invNorm = grow(this.invNorm, this.nDocs);
    this.#s0 = grow(this.#s0, this.nDocs);
    this.#s1 = grow(this.#s1, this.nDocs);
    this.#s2 = grow(this.#s2, this.nDocs);
    this.alive[d] = 1;
    // The order terms are first touched in is the order refresh patches the base sums in, which
    // must not depend on row order (floating-point sums). With no base terms there is nothing to
    // patch until the next compaction, which takes every delta row: a full build never sorts.
    if (this.baseTerms > 0) ascend(row);
    this.deltaRows.push(row);
    const terms = row.terms;
    for (let i = 0, n = terms.length; i < n; i++) this.#touchTerm(terms[i] as number, 1);
    this.nAlive++;
    this.#stale = true;
    return d;
  }

  /** Removes a live document. */
  removeDoc(d: DocIndex): void {
    const terms = this.rowTerms(d);
    for (let i = 0, n = terms.length; i < n; i++) this.#touchTerm(terms[i] as number, -1);
    this.alive[d] = 0;
    this.nAlive--;
    if (d >= this.baseDocs) this.deltaRows[d - this.baseDocs] = null;
    else this.baseDeleted++;
    this.#stale = true;
  }

  #touchTerm(t: number, delta: number): void {
    this.df[t] = (this.df[t] as number) + delta;
    if (!this.#dirty[t]) {
      this.#dirty[t] = 1;
      this.#dirtyList.push(t);
    }
  }

  /** Term ids of document `d`: ascending after `refresh()` (a delta row may not be before). */
  rowTerms(d: DocIndex): RowTerms {
    if (d >= this.baseDocs) return (this.deltaRows[d - this.baseDocs] as SparseRow).terms;
    return this.rowTerm.subarray(this.rowPtr[d] as number, this.rowPtr[d + 1] as number);
  }

  /** Document `d` as a sparse row of tf weights. */
  row(d: DocIndex): SparseRow {
    if (d >= this.baseDocs) return this.deltaRows[d - this.baseDocs] as SparseRow;
    const start = this.rowPtr[d] as number;
    const end = this.rowPtr[d + 1] as number;
    const terms = new Uint32Array(end - start);
    const weights = new Float32Array(end - start);
    for (let i = start; i < end; i++) {
      const t = this.rowTerm[i] as number;
      terms[i - start] = t;
      weights[i - start] = this.postW[this.positionOf(t, d)] as number;
    }
    return { terms, weights };
  }

  /**
   * The position of base document `d`'s posting in base term `t`'s list (binary search: lists
   * ascend by document). `d` must hold `t` (it is in d's row).
   */
  positionOf(t: number, d: DocIndex): number {
    return lowerBound(this.postDoc, this.termPtr[t] as number, this.termPtr[t + 1] as number, d);
  }

  /** The current idf of term `t` (0 for an inactive term). Valid after `refresh()`. */
  idf(t: number): number {
    return this.active[t] ? this.idfA - (this.b[t] as number) : 0;
  }

  /** True when enough has changed since the last compaction that rebuilding the base pays off. */
  needsCompaction(): boolean {
    const delta = this.nDocs - this.baseDocs;
    return (
      (delta > 0 && (this.baseDocs === 0 || delta > Math.max(COMPACT_MIN_DELTA, this.baseDocs / 16))) ||
      this.baseDeleted > Math.max(COMPACT_MIN_DELTA, this.baseDocs / 8)
    );
  }

  /**
   * Brings idf, active terms and document norms up to date with every add and remove since the
   * last call. Cost: the postings of the terms whose document frequency changed, plus O(docs).
   */
  refresh(): void {
    if (!this.#stale) return;
    const { idf, minDf, maxDf } = this.options;
    const n = this.nAlive;
    const lo = dfBound(minDf, n);
    const hi = dfBound(maxDf, n);
    const dirty = this.#dirtyList;
    for (let i = 0; i < dirty.length; i++) {
      const t = dirty[i] as number;
      const df = this.df[t] as number;
      this.b[t] = df > 0 ? idfOffset(df, idf) : 0;
    }
    // Fractional bounds move with n: any term may cross them, so all are checked.
    const fractional = (minDf > 0 && minDf < 1) || (maxDf > 0 && maxDf < 1);
    const check = fractional ? null : dirty.slice();
    const count = check ? check.length : this.nTerms;
    for (let i = 0; i < count; i++) {
      const t = check ? (check[i] as number) : i;
      const df = this.df[t] as number;
      const on = df > 0 && df >= lo && df <= hi ? 1 : 0;
      this.active[t] = on;
      if (on !== this.#syncedActive[t] && !this.#dirty[t]) {
        this.#dirty[t] = 1;
        dirty.push(t);
      }
    }
    this.#patchBaseSums(dirty);
    this.#dirtyList = [];
    for (let i = 0; i < this.deltaRows.length; i++) {
      const row = this.deltaRows[i];
      if (!row) continue;
      ascend(row);
      this.#sumsFromRow(this.baseDocs + i, row);
    }
    this.idfA = n > 0 ? idfBase(n, idf) : 0;
    this.#updateNorms();
    this.#stale = false;
    this.version++;
  }

  #patchBaseSums(dirty: number[]): void {
    const lossy: number[] = [];
    const s0 = this.#s0;
    const s1 = this.#s1;
    const s2 = this.#s2;
    for (let i = 0; i < dirty.length; i++) {
      const t = dirty[i] as number;
      const was = this.#syncedActive[t] as number;
      const now = this.active[t] as number;
      const b0 = was ? idfOffset(this.#syncedDf[t] as number, this.options.idf) : 0;
      const b1 = now ? (this.b[t] as number) : 0;
      this.#dirty[t] = 0;
      this.#syncedDf[t] = this.df[t] as number;
      this.#syncedActive[t] = now;
      if (t >= this.baseTerms || (was === now && (now === 0 || b0 === b1))) continue;
      const d0 = now - was;
      const d1 = now * b1 - was * b0;
      const d2 = now * b1 * b1 - was * b0 * b0;
      const docs = this.postDoc;
      const ws = this.postW;
      for (let p = this.termPtr[t] as number, end = this.termPtr[t + 1] as number; p < end; p++) {
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
      if (this.alive[d]) this.#sumsFromRow(d, this.row(d));
    }
  }

  #sumsFromRow(d: DocIndex, row: SparseRow): void {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    const { terms, weights } = row;
    for (let i = 0, n = terms.length; i < n; i++) {
      const t = terms[i] as number;
      if (!this.active[t]) continue;
      const w = weights[i] as number;
      const w2 = w * w;
      const b = this.b[t] as number;
      s0 += w2;
      s1 += w2 * b;
      s2 += w2 * b * b;
    }
    this.#s0[d] = s0;
    this.#s1[d] = s1;
    this.#s2[d] = s2;
  }

  #updateNorms(): void {
    const a = this.idfA;
    const l2 = this.options.norm === "l2";
    for (let d = 0; d < this.nDocs; d++) {
      if (!this.alive[d]) {
        this.invNorm[d] = 0;
        continue;
      }
      if (!l2) {
        this.invNorm[d] = 1;
        continue;
      }
      // sum_t w^2 (a - b_t)^2, expanded; clamp the rounding of an all-inactive row to zero.
      const sq = a * a * (this.#s0[d] as number) - 2 * a * (this.#s1[d] as number) + (this.#s2[d] as number);
      this.invNorm[d] = sq > 1e-300 && (this.#s0[d] as number) > 0 ? 1 / Math.sqrt(sq) : 0;
    }
  }

  /**
   * Rebuilds the base segment from every live document: drops removed documents and unused
   * terms, renumbers terms by ascending document frequency (ties by term) and documents in
   * their current order. O(postings + terms log terms).
   */
  compact(termOf?: (t: number) => string): Remap {
    const nTerms = this.nTerms;
    const order: number[] = [];
    for (let t = 0; t < nTerms; t++) if ((this.df[t] as number) > 0) order.push(t);
    // Ties by the term itself, not by its old id: the numbering (and so a snapshot) depends only
    // on the corpus, not on when earlier compactions happened.
    order.sort((x, y) => {
      const byDf = (this.df[x] as number) - (this.df[y] as number);
      if (byDf !== 0 || termOf === undefined) return byDf || x - y;
      const a = termOf(x);
      const b = termOf(y);
      return a < b ? -1 : a > b ? 1 : 0;
    });
    const termMap = new Int32Array(nTerms).fill(-1);
    for (let i = 0; i < order.length; i++) termMap[order[i] as number] = i;
    const docMap = new Int32Array(this.nDocs).fill(-1);
    let nd = 0;
    for (let d = 0; d < this.nDocs; d++) if (this.alive[d]) docMap[d] = nd++;

    const nt = order.length;
    const df = new Int32Array(nt);
    const termPtr = new Uint32Array(nt + 1);
    for (let i = 0; i < nt; i++) {
      df[i] = this.df[order[i] as number] as number;
      termPtr[i + 1] = (termPtr[i] as number) + (df[i] as number);
    }
    const nnz = termPtr[nt] as number;
    const postDoc = new Uint32Array(nnz);
    const postW = new Float32Array(nnz);
    const cursor = termPtr.slice(0, nt);
    // Base postings first, then delta rows in document order: each list stays sorted by document.
    for (let t = 0; t < this.baseTerms; t++) {
      const nt2 = termMap[t] as number;
      if (nt2 < 0) continue;
      for (let p = this.termPtr[t] as number, end = this.termPtr[t + 1] as number; p < end; p++) {
        const nd2 = docMap[this.postDoc[p] as number] as number;
        if (nd2 < 0) continue;
        const c = cursor[nt2] as number;
        postDoc[c] = nd2;
        postW[c] = this.postW[p] as number;
        cursor[nt2] = c + 1;
      }
    }
    for (let i = 0; i < this.deltaRows.length; i++) {
      const row = this.deltaRows[i];
      if (!row) continue;
      const nd2 = docMap[this.baseDocs + i] as number;
      for (let j = 0; j < row.terms.length; j++) {
        const nt2 = termMap[row.terms[j] as number] as number;
        const c = cursor[nt2] as number;
        postDoc[c] = nd2;
        postW[c] = row.weights[j] as number;
        cursor[nt2] = c + 1;
      }
    }
    this.loadPostings({ df, termPtr, postDoc, postW }, nd);
    return { docs: docMap, terms: termMap };
  }

  /** Replaces everything with compacted postings of `nd` documents; rows are derived from them. */
  loadPostings(p: PostingArrays, nd: number): void {
    this.load(this.#rowsFor(p, nd));
  }

  /** Derives the row arrays (doc -> ascending term ids) from postings. */
  #rowsFor(p: PostingArrays, nd: number): MatrixArrays {
    const rowPtr = new Uint32Array(nd + 1);
    const nnz = p.postDoc.length;
    for (let q = 0; q < nnz; q++) {
      const d = p.postDoc[q] as number;
      rowPtr[d + 1] = (rowPtr[d + 1] as number) + 1;
    }
    for (let d = 0; d < nd; d++) rowPtr[d + 1] = (rowPtr[d + 1] as number) + (rowPtr[d] as number);
    const nt = p.df.length;
    const rowTerm = nt <= 0x10000 ? new Uint16Array(nnz) : new Uint32Array(nnz);
    const cur = rowPtr.slice(0, nd);
    // Terms in id order, so each row's entries ascend.
    for (let t = 0; t < nt; t++) {
      for (let q = p.termPtr[t] as number, end = p.termPtr[t + 1] as number; q < end; q++) {
        const d = p.postDoc[q] as number;
        rowTerm[cur[d] as number] = t;
        cur[d] = (cur[d] as number) + 1;
      }
    }
    return { ...p, rowPtr, rowTerm };
  }

  /** Replaces everything with a compacted matrix (from `compact()` or a snapshot). */
  load(m: MatrixArrays, sums?: NormSums): void {
    const nt = m.df.length;
    const nd = m.rowPtr.length - 1;
    this.nTerms = 0;
    this.df = new Int32Array(0);
    this.ensureTerms(nt);
    this.df.set(m.df);
    this.#dirtyList = [];
    this.#dirty.fill(0);
    this.termPtr = m.termPtr;
    this.postDoc = m.postDoc;
    this.postW = m.postW;
    this.rowPtr = m.rowPtr;
    this.rowTerm = m.rowTerm;
    this.baseTerms = nt;
    this.baseDocs = nd;
    this.baseDeleted = 0;
    this.deltaRows = [];
    this.nDocs = nd;
    this.nAlive = nd;
    this.alive = new Uint8Array(nd).fill(1);
    this.invNorm = new Float64Array(nd);
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
    this.refresh();
  }

  /** Takes saved norm sums as they are (they were computed at a compaction): O(docs + terms). */
  #restoreSums(sums: NormSums): void {
    const { idf, minDf, maxDf } = this.options;
    const n = this.nAlive;
    const lo = dfBound(minDf, n);
    const hi = dfBound(maxDf, n);
    // Copies: the norm sums change with later updates, and must not write into the caller's bytes.
    this.#s0 = sums.s0.slice();
    this.#s1 = sums.s1.slice();
    this.#s2 = sums.s2.slice();
    for (let t = 0; t < this.nTerms; t++) {
      const df = this.df[t] as number;
      this.b[t] = df > 0 ? idfOffset(df, idf) : 0;
      const on = df > 0 && df >= lo && df <= hi ? 1 : 0;
      this.active[t] = on;
      this.#syncedActive[t] = on;
      this.#syncedDf[t] = df;
    }
    this.idfA = n > 0 ? idfBase(n, idf) : 0;
    this.#updateNorms();
    this.#stale = false;
    this.version++;
  }

  /** The per-document norm sums (see weighting.ts), for snapshots. */
  sums(): NormSums {
    return { s0: this.#s0.subarray(0, this.nDocs), s1: this.#s1.subarray(0, this.nDocs), s2: this.#s2.subarray(0, this.nDocs) };
  }

  /** The compacted arrays (call `compact()` first so that there is no delta). */
  arrays(): MatrixArrays {
    return {
      df: this.df.subarray(0, this.nTerms),
      termPtr: this.termPtr,
      postDoc: this.postDoc,
      postW: this.postW,
      rowPtr: this.rowPtr,
      rowTerm: this.rowTerm,
    };
  }

  /** Bytes of the typed arrays held (delta rows included), for memory figures. */
  bytes(): number {
    let n = 0;
    for (const a of [this.df, this.b, this.active, this.#syncedDf, this.#syncedActive, this.#dirty, this.alive, this.invNorm, this.#s0, this.#s1, this.#s2, this.termPtr, this.postDoc, this.postW, this.rowPtr, this.rowTerm]) {
      n += a.byteLength;
    }
    for (const row of this.deltaRows) if (row) n += row.terms.byteLength + row.weights.byteLength;
    return n;
  }

  /** Number of stored postings (base and delta), for memory figures. */
  postings(): number {
    let n = this.postDoc.length;
    for (const row of this.deltaRows) if (row) n += row.terms.length;
    return n;
  }
}
