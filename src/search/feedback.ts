/**
 * Pseudo-relevance feedback (Rocchio): the query moved toward its best neighbours, searched again.
 *
 *   v = q/|q| + beta * c,   c = (1/|N|) sum_{d in N} d/|d|        (tf-idf vectors)
 *   score(q, d) = cos(v restricted to T, d)
 *
 * N is the query's `docs` best cosine neighbours (its plain list: never itself, no filter), T the
 * query's own counted terms plus the `terms` heaviest terms of c that the query lacks. The moved
 * vector is handed to the kernels as an ordinary prepared query whose "idf2" is idf (not idf^2)
 * and whose weights are v's tf-idf components: every kernel adds g * (w * wd) = v_t * (idf_t wd),
 * so the sum is v . d, and 1/|v| and 1/|d| finish it into the cosine (similarity.ts). The pruned
 * kernel's bounds read `values` = v/|v|, which are exactly what Cauchy-Schwarz needs.
 *
 * Which terms join: by c's weight rounded to single precision, ties by the term (code-unit
 * order). Rounding first makes the choice independent of the last bits of the sums (an index
 * changed in place and a fresh build differ there) and of term numbering (which compaction changes).
 */
import type { Segment } from "../corpus/segment.js";
import type { PreparedQuery } from "./similarity.js";

/** Resolved feedback settings (options.ts). */
export interface FeedbackSettings {
  readonly docs: number;
  readonly weight: number;
  readonly terms: number;
}

// Scratch reused across queries (a query's terms are few; the arrays span the vocabulary).
// Safe without locking: nothing below calls out of this module while they are in use.
let centroid = new Float64Array(0);
let inQuery = new Uint8Array(0);

function fit(nTerms: number): void {
  if (centroid.length >= nTerms) return;
  const size = Math.max(nTerms, centroid.length * 2, 1024);
  centroid = new Float64Array(size);
  inQuery = new Uint8Array(size);
}

/**
 * The moved query of prepared query `q` (norm "l2": q.values is q/|q|) and its neighbours, best
 * first; `q` itself when there is no neighbour (nothing to move toward). `termOf` names a term
 * for ties between expansion terms.
 */
export function movedQuery(m: Segment, q: PreparedQuery, neighbours: readonly { doc: number }[], f: FeedbackSettings, termOf: (t: number) => string): PreparedQuery {
  const count = neighbours.length;
  if (count === 0) return q;
  fit(m.nTerms);
  const c = centroid;
  const touched: number[] = [];
  // Sum each term's unit tf-idf weights over the neighbours, in list order.
  for (let j = 0; j < count; j++) {
    const d = (neighbours[j] as { doc: number }).doc;
    const inv = m.invNorm[d] as number;
    const row = m.row(d);
    for (let i = 0, n = row.terms.length; i < n; i++) {
      const t = row.terms[i] as number;
      const idf = m.idf(t);
      if (idf === 0) continue;
      if (c[t] === 0) touched.push(t);
      c[t] = (c[t] as number) + idf * (row.weights[i] as number) * inv;
    }
  }
  const scale = f.weight / count;
  let nActive = 0;
  for (let i = 0; i < q.terms.length; i++) {
    if ((q.idf2[i] as number) === 0) continue;
    inQuery[q.terms[i] as number] = 1;
    nActive++;
  }
  const added = expansionTerms(touched, f.terms, termOf);
  // The union, ascending (the kernels' summation order): the query's counted terms and the added ones.
  const terms = new Uint32Array(nActive + added.length);
  let k = 0;
  for (let i = 0; i < q.terms.length; i++) if ((q.idf2[i] as number) !== 0) terms[k++] = q.terms[i] as number;
  for (const t of added) terms[k++] = t;
  terms.sort();
  const n = terms.length;
  const weights = new Float64Array(n);
  const idf2 = new Float64Array(n);
  const values = new Float64Array(n);
  const { baseTerms, termPtr } = m;
  let sq = 0;
  let cost = 0;
  // q's values are in its term order, a subsequence of `terms`.
  let qi = 0;
  for (let i = 0; i < n; i++) {
    const t = terms[i] as number;
    while (qi < q.terms.length && ((q.terms[qi] as number) < t || (q.idf2[qi] as number) === 0)) qi++;
    const own = qi < q.terms.length && q.terms[qi] === t ? (q.values[qi] as number) : 0;
    const v = own + scale * (c[t] as number);
    weights[i] = v;
    idf2[i] = m.idf(t);
    sq += v * v;
    if (t < baseTerms) cost += (termPtr[t + 1] as number) - (termPtr[t] as number);
  }
  for (const t of touched) c[t] = 0;
  for (let i = 0; i < q.terms.length; i++) inQuery[q.terms[i] as number] = 0;
  const inv = 1 / Math.sqrt(sq);
  for (let i = 0; i < n; i++) values[i] = (weights[i] as number) * inv;
  return { terms, weights, idf2, invNorm: inv, values, cost };
}

/**
 * The `max` heaviest centroid terms not in the query (by weight in single precision, ties by
 * term), reading `centroid` and `inQuery`. Sorting a Float32Array finds the cut-off weight
 * natively; only terms tied at it are compared by name.
 */
function expansionTerms(touched: readonly number[], max: number, termOf: (t: number) => string): number[] {
  const out: number[] = [];
  if (max === 0) return out;
  const candidates: number[] = [];
  for (const t of touched) if (inQuery[t] === 0) candidates.push(t);
  if (candidates.length <= max) return candidates;
  const keys = new Float32Array(candidates.length);
  for (let i = 0; i < candidates.length; i++) keys[i] = centroid[candidates[i] as number] as number;
  keys.sort();
  const cut = keys[keys.length - max] as number;
  const tied: number[] = [];
  for (const t of candidates) {
    const key = Math.fround(centroid[t] as number);
    if (key > cut) out.push(t);
    else if (key === cut) tied.push(t);
  }
  if (tied.length > 0) {
    const names = tied.map((t) => ({ t, name: termOf(t) }));
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (let i = 0; out.length < max; i++) out.push((names[i] as { t: number }).t);
  }
  return out;
}
