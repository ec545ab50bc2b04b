/**
 * The read-only view of an indexed corpus: what the kernels, relatedAll, explain, worker threads
 * and snapshots read, and never write. Only the corpus code writes what is behind it
 * (matrix.ts, which composes delta-rows.ts and corpus-stats.ts).
 *
 *   base   a CSR segment built at the last compaction: postings term -> (docIndex, tf weight) in
 *          `termPtr/postDoc/postW`, and rows doc -> ascending term ids in `rowPtr/rowTerm`, 16-bit
 *          while there are at most 65,536 terms. A row entry's weight is found by a binary search
 *          of the document in its term's postings (`positionOf`).
 *   delta  documents added since, one small sparse row each (`deltaRows[i]` is document
 *          `baseDocs + i`, null once removed).
 *   stats  what turns tf weights into tf-idf: `idf(t)`, and `invNorm[d]` = 1/|d| (0 for a removed
 *          document or one without an active term).
 *
 * Two classes implement it: DocTermMatrix (the writer, on the thread that owns the index) and
 * ReadOnlySegment below (a compacted corpus over shared arrays, inside a worker thread).
 */
import { lowerBoundNear } from "./lower-bound.js";
import type { IdfMode, NormMode } from "./weighting.js";

/** Dense document number (see DocTermMatrix); not an article id. */
export type DocIndex = number;

/** A sparse vector: ascending term ids and their tf weights. */
export interface SparseRow {
  terms: Uint32Array;
  weights: Float32Array;
}

/** The options that shape the tf-idf vectors. */
export interface MatrixOptions {
  idf: IdfMode;
  norm: NormMode;
  minDf: number;
  maxDf: number;
}

/** Row entries: term ids, 16-bit while the ids fit. */
export type RowTerms = Uint16Array | Uint32Array;

/** A corpus as the kernels read it (see the file comment). Typed arrays may be longer than their counts. */
export interface Segment {
  readonly options: Readonly<MatrixOptions>;
  /** Document slots: the base's, then one per delta row (removed documents included). */
  readonly nDocs: number;
  /** Documents not removed. */
  readonly nAlive: number;
  readonly baseDocs: number;
  /** Terms with base postings: ids `0..baseTerms-1` (ids beyond occur only in delta rows). */
  readonly baseTerms: number;
  readonly nTerms: number;
  readonly termPtr: Readonly<Uint32Array>;
  readonly postDoc: Readonly<Uint32Array>;
  readonly postW: Readonly<Float32Array>;
  readonly rowPtr: Readonly<Uint32Array>;
  readonly rowTerm: Readonly<RowTerms>;
  /** 1/|d| per document slot (1 for norm "none"; 0 for a removed or empty document). */
  readonly invNorm: Readonly<Float64Array>;
  /** Document frequency per term. */
  readonly df: Readonly<Int32Array>;
  readonly deltaRows: readonly (SparseRow | null)[];
  /** Term `t`'s postings in the delta rows (row, weight pairs), when the segment keeps them term-major. */
  deltaPostings?(t: number): readonly number[] | undefined;
  /** Bumped whenever weights or norms change, so derived data (pruning bounds) knows it is stale. */
  readonly version: number;
  /** The idf of term `t` (0 for a term that does not count). */
  idf(t: number): number;
  /**
   * The position of base document `d`'s posting in base term `t`'s list (binary search: lists
   * ascend by document). `d` must hold `t` (it is in d's row).
   */
  positionOf(t: number, d: DocIndex): number;
  /** Document `d` as a sparse row of tf weights (a delta row is the stored one: do not write it). */
  row(d: DocIndex): SparseRow;
  /** Term ids of document `d`, ascending (a delta row's once the corpus is refreshed). */
  rowTerms(d: DocIndex): Readonly<RowTerms>;
}

/** Base document `d` of `s` as a sparse row: its row's term ids, each weight found in its postings. */
export function baseRow(s: Pick<Segment, "rowPtr" | "rowTerm" | "postW" | "positionOf">, d: DocIndex): SparseRow {
  const { rowPtr, rowTerm, postW } = s;
  const start = rowPtr[d] as number;
  const end = rowPtr[d + 1] as number;
  const terms = new Uint32Array(end - start);
  const weights = new Float32Array(end - start);
  for (let i = start; i < end; i++) {
    const t = rowTerm[i] as number;
    terms[i - start] = t;
    weights[i - start] = postW[s.positionOf(t, d)] as number;
  }
  return { terms, weights };
}

/**
 * What a read-only segment is made of: a compacted, refreshed corpus (no delta, no removed
 * document), its statistics frozen into `invNorm` and `idf` (see shared-index.ts).
 */
export interface SegmentArrays {
  options: MatrixOptions;
  termPtr: Uint32Array;
  postDoc: Uint32Array;
  postW: Float32Array;
  rowPtr: Uint32Array;
  rowTerm: RowTerms;
  /** Per document. */
  invNorm: Float64Array;
  /** Per term. */
  df: Int32Array;
  /** Per term: the writer's `idf(t)`, the same doubles. */
  idf: Float64Array;
}

const NO_ROWS: readonly (SparseRow | null)[] = Object.freeze([]);

/** A compacted corpus that never changes, over arrays it does not own (a worker's shared memory). */
export class ReadOnlySegment implements Segment {
  readonly options: Readonly<MatrixOptions>;
  readonly nDocs: number;
  readonly nAlive: number;
  readonly baseDocs: number;
  readonly baseTerms: number;
  readonly nTerms: number;
  readonly termPtr: Readonly<Uint32Array>;
  readonly postDoc: Readonly<Uint32Array>;
  readonly postW: Readonly<Float32Array>;
  readonly rowPtr: Readonly<Uint32Array>;
  readonly rowTerm: Readonly<RowTerms>;
  readonly invNorm: Readonly<Float64Array>;
  readonly df: Readonly<Int32Array>;
  readonly deltaRows = NO_ROWS;
  readonly version = 0;
  readonly #idf: Readonly<Float64Array>;

  constructor(a: SegmentArrays) {
    this.options = a.options;
    this.nDocs = this.nAlive = this.baseDocs = a.rowPtr.length - 1;
    this.nTerms = this.baseTerms = a.df.length;
    this.termPtr = a.termPtr;
    this.postDoc = a.postDoc;
    this.postW = a.postW;
    this.rowPtr = a.rowPtr;
    this.rowTerm = a.rowTerm;
    this.invNorm = a.invNorm;
    this.df = a.df;
    this.#idf = a.idf;
  }

  idf(t: number): number {
    return this.#idf[t] as number;
  }

  positionOf(t: number, d: DocIndex): number {
    const lo = this.termPtr[t] as number;
    const hi = this.termPtr[t + 1] as number;
    // Postings spread over the documents in order: d sits near its share of the list.
    return lowerBoundNear(this.postDoc, lo, hi, d, lo + Math.floor(((hi - lo) * d) / Math.max(1, this.baseDocs)));
  }

  row(d: DocIndex): SparseRow {
    return baseRow(this, d);
  }

  rowTerms(d: DocIndex): Readonly<RowTerms> {
    return this.rowTerm.subarray(this.rowPtr[d] as number, this.rowPtr[d + 1] as number);
  }
}
