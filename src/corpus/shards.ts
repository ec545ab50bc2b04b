/**
 * A compacted corpus cut into shards (contiguous document ranges) and query blocks, for computing
 * every list on many machines, each holding one shard's postings and not the whole index.
 *
 * What makes the shards' scores the single index's scores, bit for bit: the statistics are
 * global. Each shard counts its own document frequencies; `globalStats` sums them over the shards
 * (with the total number of documents) and derives idf exactly as CorpusStats does, and each
 * document's 1/|d| comes from its own norm sums (weighting.ts) with that global idf. Term ids are
 * the index's, so every pair's sum adds the same addends in the same (ascending term) order as
 * the single-process kernels (similarity.ts).
 */
import { lowerBound } from "./lower-bound.js";
import type { NormSums } from "./corpus-stats.js";
import type { MatrixOptions, Segment } from "./segment.js";
import { dfBound, idfBase, idfOffset, invNormFromSums, termCounts } from "./weighting.js";

/** One shard: the postings of documents [lo, hi), with documents numbered from 0 (doc - lo). */
export interface ShardPostings {
  lo: number;
  hi: number;
  /** Per term of the whole index (length nTerms + 1): each term's postings in this shard. */
  termPtr: Uint32Array;
  postDoc: Uint32Array;
  postW: Float32Array;
  /** This shard's document frequency per term. */
  df: Int32Array;
  /** Norm sums S0, S1, S2 of the shard's documents, 3 per document. */
  sums: Float64Array;
}

/** The rows of documents [lo, hi): the queries of one block. */
export interface BlockRows {
  lo: number;
  hi: number;
  rowPtr: Uint32Array;
  rowTerm: Uint32Array;
  rowW: Float32Array;
  /** Norm sums, 3 per document. */
  sums: Float64Array;
}

/** What every shard shares: the corpus size, the options that shape scores, df summed over shards. */
export interface GlobalStats {
  n: number;
  options: MatrixOptions;
  df: Int32Array;
}

/** `parts` contiguous ranges covering [0, n), sizes differing by at most one. */
export function splitRange(n: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < parts; i++) out.push([Math.floor((i * n) / parts), Math.floor(((i + 1) * n) / parts)]);
  return out;
}

function sumsOf(sums: NormSums, lo: number, hi: number): Float64Array {
  const out = new Float64Array((hi - lo) * 3);
  for (let d = lo; d < hi; d++) {
    out[(d - lo) * 3] = sums.s0[d] as number;
    out[(d - lo) * 3 + 1] = sums.s1[d] as number;
    out[(d - lo) * 3 + 2] = sums.s2[d] as number;
  }
  return out;
}

/**
 * The postings of documents [lo, hi) of a compacted segment (no delta, nothing removed): each
 * term's list ascends by document, so the shard's part of it is one contiguous run.
 */
export function cutShard(m: Segment, sums: NormSums, lo: number, hi: number): ShardPostings {
  const nt = m.baseTerms;
  const termPtr = new Uint32Array(nt + 1);
  const df = new Int32Array(nt);
  const starts = new Uint32Array(nt);
  let total = 0;
  for (let t = 0; t < nt; t++) {
    const a = m.termPtr[t] as number;
    const b = m.termPtr[t + 1] as number;
    const s = lowerBound(m.postDoc, a, b, lo);
    const e = lowerBound(m.postDoc, s, b, hi);
    starts[t] = s;
    df[t] = e - s;
    termPtr[t] = total;
    total += e - s;
  }
  termPtr[nt] = total;
  const postDoc = new Uint32Array(total);
  const postW = new Float32Array(total);
  for (let t = 0; t < nt; t++) {
    const from = starts[t] as number;
    const at = termPtr[t] as number;
    for (let i = 0, len = df[t] as number; i < len; i++) {
      postDoc[at + i] = (m.postDoc[from + i] as number) - lo;
      postW[at + i] = m.postW[from + i] as number;
    }
  }
  return { lo, hi, termPtr, postDoc, postW, df, sums: sumsOf(sums, lo, hi) };
}

/** The rows (ascending term ids and tf weights) and norm sums of documents [lo, hi). */
export function cutBlock(m: Segment, sums: NormSums, lo: number, hi: number): BlockRows {
  const rowPtr = new Uint32Array(hi - lo + 1);
  const size = (m.rowPtr[hi] as number) - (m.rowPtr[lo] as number);
  const rowTerm = new Uint32Array(size);
  const rowW = new Float32Array(size);
  let at = 0;
  for (let d = lo; d < hi; d++) {
    rowPtr[d - lo] = at;
    for (let r = m.rowPtr[d] as number, e = m.rowPtr[d + 1] as number; r < e; r++) {
      const t = m.rowTerm[r] as number;
      rowTerm[at] = t;
      rowW[at] = m.postW[m.positionOf(t, d)] as number;
      at++;
    }
  }
  rowPtr[hi - lo] = at;
  return { lo, hi, rowPtr, rowTerm, rowW, sums: sumsOf(sums, lo, hi) };
}

/** The global statistics: n is the shards' documents, df the sum of their document frequencies. */
export function globalStats(options: MatrixOptions, shards: readonly Pick<ShardPostings, "lo" | "hi" | "df">[]): GlobalStats {
  const nt = shards[0]?.df.length ?? 0;
  const df = new Int32Array(nt);
  let n = 0;
  for (const s of shards) {
    n += s.hi - s.lo;
    for (let t = 0; t < nt; t++) df[t] = (df[t] as number) + (s.df[t] as number);
  }
  return { n, options, df };
}

/** idf per term under the global statistics: the doubles CorpusStats.idf gives for that corpus. */
export function globalIdf(g: GlobalStats): Float64Array {
  const { idf, minDf, maxDf } = g.options;
  const lo = dfBound(minDf, g.n);
  const hi = dfBound(maxDf, g.n);
  const a = g.n > 0 ? idfBase(g.n, idf) : 0;
  const out = new Float64Array(g.df.length);
  for (let t = 0; t < out.length; t++) {
    const df = g.df[t] as number;
    out[t] = termCounts(df, lo, hi) ? a - idfOffset(df, idf) : 0;
  }
  return out;
}

/** 1/|d| of each document whose norm sums are given (3 per document), under the global statistics. */
export function globalInvNorms(g: GlobalStats, sums: Float64Array): Float64Array {
  const n = sums.length / 3;
  const out = new Float64Array(n);
  if (g.options.norm !== "l2") return out.fill(1);
  const a = g.n > 0 ? idfBase(g.n, g.options.idf) : 0;
  for (let d = 0; d < n; d++) out[d] = invNormFromSums(a, sums[d * 3] as number, sums[d * 3 + 1] as number, sums[d * 3 + 2] as number);
  return out;
}
