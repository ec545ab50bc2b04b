/**
 * The one home of the score. Every kernel, explain, relatedAll and the worker threads compute it
 * through these functions, so a new weighting changes this file (and weighting.ts, which turns
 * counts into stored tf weights and keeps the per-document norm sums), nothing else.
 *
 *   score(q, d) = sum_t addend(idf_t^2, wq_t, wd_t) * (1/|q| * 1/|d|)      capped at 1 for norm "l2"
 *   addend(g, wq, wd) = g * (wq * wd)
 *
 * with tf weights w and the norms of the tf-idf vectors (1 for norm "none"). Each addend is
 * computed as idf^2 * (wq * wd) and the norms are multiplied together before the sum is scaled:
 * both products commute exactly in floating point, so score(a, b) and score(b, a) are the same
 * double. That lets relatedAll score each pair once and still give bit-for-bit the lists
 * `recommend` gives. Sums run in ascending term order everywhere (kernels, merges, explain), so
 * every path adds the same addends in the same order and returns the same double.
 */
import { lowerBound } from "../corpus/lower-bound.js";
import type { Segment, SparseRow } from "../corpus/segment.js";
import type { NormMode } from "../corpus/weighting.js";

/** What one shared term adds to a pair's sum: g = idf^2, wq and wd the tf weights. */
export function addend(g: number, wq: number, wd: number): number {
  return g * (wq * wd);
}

/**
 * `addend` as JavaScript source over the loop's names (g, w = wq, pw[p] = wd), for the postings
 * loop that kernels/scratch.ts compiles per index: the same expression, so the same double.
 */
export const ADDEND_SOURCE = "g * (w * pw[p])";

/** True when scores are cosines, capped at 1 (rounding can exceed it). */
export function capsAtOne(norm: NormMode): boolean {
  return norm === "l2";
}

/** A query prepared against the current idf. */
export interface PreparedQuery {
  terms: Uint32Array;
  /** The query's tf weights (as stored, float32 values). */
  weights: Float64Array;
  /** idf^2 per term; 0 for terms that do not count. */
  idf2: Float64Array;
  /** 1 / |q| (1 for norm "none"). */
  invNorm: number;
  /** wq * idf / |q|: the normalised query vector (for bounds). */
  values: Float64Array;
  /** Number of base postings the query walks. */
  cost: number;
}

/**
 * Applies idf and the query norm. Returns null when the query has no active term.
 * @param invNorm the query's 1/|q| when it is an indexed document (so both directions of a pair
 *   use the same double); computed from the row otherwise
 */
export function prepareQuery(m: Segment, q: SparseRow, invNorm?: number): PreparedQuery | null {
  const n = q.terms.length;
  const { baseTerms, termPtr } = m;
  const weights = new Float64Array(n);
  const idf2 = new Float64Array(n);
  const values = new Float64Array(n);
  let sq = 0;
  let cost = 0;
  for (let i = 0; i < n; i++) {
    const t = q.terms[i] as number;
    const idf = m.idf(t);
    if (idf === 0) continue;
    const w = q.weights[i] as number;
    const v = w * idf;
    sq += v * v;
    weights[i] = w;
    values[i] = v;
    idf2[i] = idf * idf;
    if (t < baseTerms) cost += (termPtr[t + 1] as number) - (termPtr[t] as number);
  }
  if (sq === 0) return null;
  const inv = m.options.norm !== "l2" ? 1 : invNorm !== undefined && invNorm > 0 ? invNorm : 1 / Math.sqrt(sq);
  for (let i = 0; i < n; i++) values[i] = (values[i] as number) * inv;
  return { terms: q.terms, weights, idf2, invNorm: inv, values, cost };
}

/** The final score of an accumulated sum: cosine capped at 1 for l2 (rounding can exceed it). */
export function finish(sum: number, qInv: number, dInv: number, cap: boolean): number {
  const s = sum * (qInv * dInv);
  return cap && s > 1 ? 1 : s;
}

/**
 * `sum` plus the addends of query terms `from`.. that document `d` holds, in term order (the
 * kernel's order, so the result is the same double the kernel accumulates): the row's term ids
 * are merged with the query's, and each shared term's weight found in its postings.
 */
export function mergeRow(m: Segment, q: PreparedQuery, d: number, from: number, sum: number): number {
  if (d >= m.baseDocs) return dotFrom(q, m.row(d), from, sum);
  const { terms, weights, idf2 } = q;
  const { postW, rowPtr, rowTerm } = m;
  const e = rowPtr[d + 1] as number;
  let a = from < terms.length ? lowerBound(rowTerm, rowPtr[d] as number, e, terms[from] as number) : e;
  let i = from;
  let total = sum;
  while (a < e && i < terms.length) {
    const x = rowTerm[a] as number;
    const t = terms[i] as number;
    if (x < t) a++;
    else if (x > t) i++;
    else {
      total += addend(idf2[i] as number, weights[i] as number, postW[m.positionOf(t, d)] as number);
      a++;
      i++;
    }
  }
  return total;
}

/** Sparse sum of idf^2 wq wd over shared terms, by merging sorted term ids (same addends as the kernel). */
export function dot(q: PreparedQuery, row: SparseRow): number {
  return dotFrom(q, row, 0, 0);
}

/** `start` plus the addends of query terms `from`.. in `row`, added one by one in term order. */
function dotFrom(q: PreparedQuery, row: SparseRow, from: number, start: number): number {
  const a = q.terms;
  const b = row.terms;
  let i = from;
  let j = 0;
  let sum = start;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x < y) i++;
    else if (x > y) j++;
    else {
      sum += addend(q.idf2[i] as number, q.weights[i] as number, row.weights[j] as number);
      i++;
      j++;
    }
  }
  return sum;
}
