/**
 * The exhaustive scoring kernel: term-at-a-time over postings into a reused Float64Array
 * accumulator, then top-k selection. Weights are float32; every sum is float64.
 *
 * score(q, d) = sum_t (wq_t idf_t)(wd_t idf_t) / (|q| |d|), where w are tf weights and the norms
 * are those of the tf-idf vectors (1 for norm "none").
 */
import type { DocTermMatrix, SparseRow } from "./matrix.js";
import type { TopK } from "./topk.js";

/** Decides whether a scored document may enter the results (self, filter, exclude). */
export type Accept = (doc: number) => boolean;

/** A query prepared against the current idf: per-posting factors with the query norm folded in. */
export interface PreparedQuery {
  terms: Uint32Array;
  /** wq * idf^2 / |q| per term; 0 for terms that do not count. */
  factors: Float64Array;
  /** wq * idf / |q|: the normalised query vector (for bounds). */
  values: Float64Array;
  /** Number of base postings the query walks. */
  cost: number;
}

/** Applies idf and the query norm. Returns null when the query has no active term. */
export function prepareQuery(m: DocTermMatrix, q: SparseRow): PreparedQuery | null {
  const n = q.terms.length;
  const factors = new Float64Array(n);
  const values = new Float64Array(n);
  let sq = 0;
  let cost = 0;
  for (let i = 0; i < n; i++) {
    const t = q.terms[i] as number;
    const idf = m.idf(t);
    if (idf === 0) continue;
    const v = (q.weights[i] as number) * idf;
    sq += v * v;
    values[i] = v;
    factors[i] = v * idf;
    if (t < m.baseTerms) cost += (m.termPtr[t + 1] as number) - (m.termPtr[t] as number);
  }
  if (sq === 0) return null;
  const inv = m.options.norm === "l2" ? 1 / Math.sqrt(sq) : 1;
  for (let i = 0; i < n; i++) {
    factors[i] = (factors[i] as number) * inv;
    values[i] = (values[i] as number) * inv;
  }
  return { terms: q.terms, factors, values, cost };
}

/** Reusable scratch memory for one thread's queries. */
export class Scratch {
  acc = new Float64Array(0);
  touched = new Uint32Array(0);

  fit(nDocs: number): void {
    if (this.acc.length < nDocs) {
      this.acc = new Float64Array(nDocs);
      this.touched = new Uint32Array(nDocs);
    }
  }
}

/**
 * Scores `q` against every live document and offers those with a positive score of at least
 * `minScore` to `heap`. Cost: the query's postings plus one pass over base documents (or over the
 * touched ones when the query is selective), plus a merge per delta document.
 */
export function searchExhaustive(
  m: DocTermMatrix,
  q: PreparedQuery,
  heap: TopK,
  accept: Accept,
  minScore: number,
  scratch: Scratch,
): void {
  scratch.fit(m.nDocs);
  const acc = scratch.acc;
  const touched = scratch.touched;
  const { terms, factors } = q;
  const { termPtr, postDoc, postW, invNorm } = m;
  const cap = m.options.norm === "l2";
  // A list of touched documents pays off only when few are touched; otherwise one dense scan is
  // cheaper than a branch per posting (3.1 vs 4.8 ms p50 at 100k articles, measured).
  const sparse = q.cost * 4 < m.baseDocs;
  let nTouched = 0;
  for (let i = 0, n = terms.length; i < n; i++) {
    const f = factors[i] as number;
    const t = terms[i] as number;
    if (f === 0 || t >= m.baseTerms) continue;
    const end = termPtr[t + 1] as number;
    if (sparse) {
      for (let p = termPtr[t] as number; p < end; p++) {
        const d = postDoc[p] as number;
        if (acc[d] === 0) touched[nTouched++] = d;
        acc[d] = (acc[d] as number) + f * (postW[p] as number);
      }
    } else {
      for (let p = termPtr[t] as number; p < end; p++) {
        const d = postDoc[p] as number;
        acc[d] = (acc[d] as number) + f * (postW[p] as number);
      }
    }
  }
  const offer = (d: number, raw: number) => {
    let s = raw * (invNorm[d] as number);
    if (cap && s > 1) s = 1;
    if (s > 0 && s >= minScore && s >= heap.threshold && accept(d)) heap.push(d, s);
  };
  if (sparse) {
    for (let j = 0; j < nTouched; j++) {
      const d = touched[j] as number;
      const a = acc[d] as number;
      acc[d] = 0;
      offer(d, a);
    }
  } else {
    for (let d = 0, n = m.baseDocs; d < n; d++) {
      const a = acc[d] as number;
      if (a === 0) continue;
      acc[d] = 0;
      offer(d, a);
    }
  }
  const delta = m.deltaRows;
  for (let i = 0; i < delta.length; i++) {
    const row = delta[i];
    if (row) offer(m.baseDocs + i, dot(q, row));
  }
}

/** Sparse dot product of a prepared query and a row of tf weights, by merging sorted term ids. */
export function dot(q: PreparedQuery, row: SparseRow): number {
  const a = q.terms;
  const b = row.terms;
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x < y) i++;
    else if (x > y) j++;
    else sum += (q.factors[i++] as number) * (row.weights[j++] as number);
  }
  return sum;
}
