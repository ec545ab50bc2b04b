/**
 * The index's writer: a document-term matrix made of
 *
 *   base   a CSR segment built at the last compaction (see segment.ts for its layout). A posting
 *          costs 10 bytes (docIndex, weight, 16-bit row entry), 12 with more terms.
 *   delta  documents added since (delta-rows.ts), compacted into the base once it grows.
 *   stats  document frequencies, idf and document norms (corpus-stats.ts).
 *
 * It adds, removes, compacts and loads; everything else reads it as a `Segment`, and only this
 * file and the two it composes write what is behind one.
 *
 * Stored weights are tf only. IDF is applied at query time and document norms come from three
 * per-document sums (see weighting.ts), so adding or removing one document updates only the
 * sums of the documents that share its terms, and results stay exactly those of a fresh build.
 * Term ids are renumbered by ascending document frequency at each compaction, so that rare terms
 * come first in every row.
 */
import { lowerBoundNear } from "./lower-bound.js";
import { CorpusStats, type NormSums } from "./corpus-stats.js";
import { ascend, DeltaRows } from "./delta-rows.js";
import { baseRow, type DocIndex, type MatrixOptions, type RowTerms, type Segment, type SparseRow } from "./segment.js";

export type { DocIndex, MatrixOptions, RowTerms, SparseRow } from "./segment.js";
export type { NormSums } from "./corpus-stats.js";

/** The term-major half of a compacted matrix: what snapshots store. */
export type PostingArrays = Omit<MatrixArrays, "rowPtr" | "rowTerm">;

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

/** The corpus as the owning thread writes it: adds, removes, compacts and loads (see the file comment). */
export class DocTermMatrix implements Segment {
  readonly options: Readonly<MatrixOptions>;
  readonly #stats: CorpusStats;
  readonly #delta = new DeltaRows();

  // Base segment.
  #baseDocs = 0;
  #baseTerms = 0;
  #baseDeleted = 0;
  #termPtr: Uint32Array = new Uint32Array(1);
  #postDoc: Uint32Array = new Uint32Array(0);
  #postW: Float32Array = new Float32Array(0);
  #rowPtr: Uint32Array = new Uint32Array(1);
  #rowTerm: RowTerms = new Uint16Array(0);

  constructor(options: MatrixOptions) {
    this.options = options;
    this.#stats = new CorpusStats(options);
  }

  get nDocs(): number {
    return this.#stats.nDocs;
  }

  get nAlive(): number {
    return this.#stats.nAlive;
  }

  get nTerms(): number {
    return this.#stats.nTerms;
  }

  get baseDocs(): number {
    return this.#baseDocs;
  }

  get baseTerms(): number {
    return this.#baseTerms;
  }

  /** Base documents removed since the last compaction (still in the base's postings). */
  get baseDeleted(): number {
    return this.#baseDeleted;
  }

  get termPtr(): Readonly<Uint32Array> {
    return this.#termPtr;
  }

  get postDoc(): Readonly<Uint32Array> {
    return this.#postDoc;
  }

  get postW(): Readonly<Float32Array> {
    return this.#postW;
  }

  get rowPtr(): Readonly<Uint32Array> {
    return this.#rowPtr;
  }

  get rowTerm(): Readonly<RowTerms> {
    return this.#rowTerm;
  }

  get invNorm(): Readonly<Float64Array> {
    return this.#stats.invNorm;
  }

  get df(): Readonly<Int32Array> {
    return this.#stats.df;
  }

  get deltaRows(): readonly (SparseRow | null)[] {
    return this.#delta.rows;
  }

  deltaPostings(t: number): readonly number[] | undefined {
    return this.#delta.postingsOf(t);
  }

  get version(): number {
    return this.#stats.version;
  }

  /** Makes room for term ids below `n`. */
  ensureTerms(n: number): void {
    this.#stats.ensureTerms(n);
  }

  /** Adds a document (its term ids must be below `nTerms`, distinct, in any order); returns its index. */
  addDoc(row: SparseRow): DocIndex {
    // The order terms are first touched in is the order refresh patches the base sums in, which
    // must not depend on row order (floating-point sums). With no base terms there is nothing to
    // patch until the next compaction, which takes every delta row: a full build never sorts.
    if (this.#baseTerms > 0) ascend(row);
    this.#delta.push(row);
    return this.#stats.addDoc(row.terms);
  }

  /** Removes a live document. */
  removeDoc(d: DocIndex): void {
    this.#stats.removeDoc(d, this.rowTerms(d));
    if (d >= this.#baseDocs) this.#delta.drop(d - this.#baseDocs);
    else this.#baseDeleted++;
  }

  rowTerms(d: DocIndex): Readonly<RowTerms> {
    if (d >= this.#baseDocs) return this.#delta.get(d - this.#baseDocs).terms;
    return this.#rowTerm.subarray(this.#rowPtr[d] as number, this.#rowPtr[d + 1] as number);
  }

  row(d: DocIndex): SparseRow {
    if (d >= this.#baseDocs) return this.#delta.get(d - this.#baseDocs);
    return baseRow(this, d);
  }

  positionOf(t: number, d: DocIndex): number {
    const lo = this.#termPtr[t] as number;
    const hi = this.#termPtr[t + 1] as number;
    // Postings spread over the documents in order: d sits near its share of the list.
    return lowerBoundNear(this.#postDoc, lo, hi, d, lo + Math.floor(((hi - lo) * d) / Math.max(1, this.#baseDocs)));
  }

  /** The current idf of term `t` (0 for an inactive term). Valid after `refresh()`. */
  idf(t: number): number {
    return this.#stats.idf(t);
  }

  /** True when enough has changed since the last compaction that rebuilding the base pays off. */
  needsCompaction(): boolean {
    const delta = this.nDocs - this.#baseDocs;
    return (
      (delta > 0 && (this.#baseDocs === 0 || delta > Math.max(COMPACT_MIN_DELTA, this.#baseDocs / 16))) ||
      this.#baseDeleted > Math.max(COMPACT_MIN_DELTA, this.#baseDocs / 8)
    );
  }

  /**
   * Brings idf, active terms and document norms up to date with every add and remove since the
   * last call (corpus-stats.ts), sorting delta rows that arrived unsorted first.
   */
  refresh(): void {
    if (!this.#stats.stale) return;
    this.#delta.ascendAll();
    this.#stats.refresh(this);
  }

  /**
   * Rebuilds the base segment from every live document: drops removed documents and unused
   * terms, renumbers terms by ascending document frequency (ties by term) and documents in
   * their current order. O(postings + terms log terms).
   */
  compact(termOf?: (t: number) => string): Remap {
    const nTerms = this.nTerms;
    const nDocs = this.nDocs;
    const dfOld = this.#stats.df;
    const alive = this.#stats.alive;
    const order: number[] = [];
    for (let t = 0; t < nTerms; t++) if ((dfOld[t] as number) > 0) order.push(t);
    // Ties by the term itself, not by its old id: the numbering (and so a snapshot) depends only
    // on the corpus, not on when earlier compactions happened.
    order.sort((x, y) => {
      const byDf = (dfOld[x] as number) - (dfOld[y] as number);
      if (byDf !== 0 || termOf === undefined) return byDf || x - y;
      const a = termOf(x);
      const b = termOf(y);
      return a < b ? -1 : a > b ? 1 : 0;
    });
    const termMap = new Int32Array(nTerms).fill(-1);
    for (let i = 0; i < order.length; i++) termMap[order[i] as number] = i;
    const docMap = new Int32Array(nDocs).fill(-1);
    let nd = 0;
    for (let d = 0; d < nDocs; d++) if (alive[d]) docMap[d] = nd++;

    const nt = order.length;
    const df = new Int32Array(nt);
    const termPtr = new Uint32Array(nt + 1);
    for (let i = 0; i < nt; i++) {
      df[i] = dfOld[order[i] as number] as number;
      termPtr[i + 1] = (termPtr[i] as number) + (df[i] as number);
    }
    const nnz = termPtr[nt] as number;
    const postDoc = new Uint32Array(nnz);
    const postW = new Float32Array(nnz);
    const cursor = termPtr.slice(0, nt);
    // Base postings first, then delta rows in document order: each list stays sorted by document.
    for (let t = 0; t < this.#baseTerms; t++) {
      const nt2 = termMap[t] as number;
      if (nt2 < 0) continue;
      for (let p = this.#termPtr[t] as number, end = this.#termPtr[t + 1] as number; p < end; p++) {
        const nd2 = docMap[this.#postDoc[p] as number] as number;
        if (nd2 < 0) continue;
        const c = cursor[nt2] as number;
        postDoc[c] = nd2;
        postW[c] = this.#postW[p] as number;
        cursor[nt2] = c + 1;
      }
    }
    const rows = this.#delta.rows;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (!row) continue;
      const nd2 = docMap[this.#baseDocs + i] as number;
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
    this.load(rowsFor(p, nd));
  }

  /** Replaces everything with a compacted matrix (from `compact()` or a snapshot). */
  load(m: MatrixArrays, sums?: NormSums): void {
    this.#termPtr = m.termPtr;
    this.#postDoc = m.postDoc;
    this.#postW = m.postW;
    this.#rowPtr = m.rowPtr;
    this.#rowTerm = m.rowTerm;
    this.#baseTerms = m.df.length;
    this.#baseDocs = m.rowPtr.length - 1;
    this.#baseDeleted = 0;
    this.#delta.clear();
    this.#stats.load(m.df, this.#baseDocs, this, sums);
  }

  /** The per-document norm sums (see weighting.ts), for snapshots. */
  sums(): NormSums {
    return this.#stats.sums();
  }

  /** The compacted arrays (call `compact()` first so that there is no delta). */
  arrays(): MatrixArrays {
    return {
      df: (this.#stats.df as Int32Array).subarray(0, this.nTerms),
      termPtr: this.#termPtr,
      postDoc: this.#postDoc,
      postW: this.#postW,
      rowPtr: this.#rowPtr,
      rowTerm: this.#rowTerm,
    };
  }

  /** Bytes of the typed arrays held (delta rows included), for memory figures. */
  bytes(): number {
    let n = this.#stats.bytes() + this.#delta.bytes();
    for (const a of [this.#termPtr, this.#postDoc, this.#postW, this.#rowPtr, this.#rowTerm]) n += a.byteLength;
    return n;
  }

  /** Number of stored postings (base and delta), for memory figures. */
  postings(): number {
    return this.#postDoc.length + this.#delta.postings();
  }
}

/** Derives the row arrays (doc -> ascending term ids) from postings. */
function rowsFor(p: PostingArrays, nd: number): MatrixArrays {
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
