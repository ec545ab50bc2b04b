/**
 * The opt-in approximate search (`maxQueryTerms`), as Lucene's MoreLikeThis does it: only the
 * query's N most weighted terms look for candidates. Most of an article's postings belong to its
 * common, low-weight words; its heaviest terms are mostly rare ones with short posting lists, so
 * the candidate search walks a small fraction of the postings. Unlike MoreLikeThis, every
 * candidate is then scored exactly against the whole query, so the scores returned are the true
 * cosines (the same doubles `recommend` gives without the option) and only the membership of the
 * list is approximate. The benchmark prints recall@10 against the exact lists.
 */
import type { Segment } from "../../corpus/segment.js";
import { capsAtOne, finish, mergeRow, type PreparedQuery } from "../similarity.js";
import { TopK } from "../topk.js";
import { exhaustiveKernel } from "./exhaustive.js";
import type { Collector, Kernel } from "./kernel.js";

/** Candidates scored exactly per result wanted (and at least this many in all). */
const POOL_PER_RESULT = 10;
const MIN_POOL = 50;
/** One step of an exact rescoring merge, in postings walked (measured: about 8x a posting). */
const MERGE_COST = 8;

/** The query restricted to its `max` largest tf-idf values (ties: lower term id), in term order. */
export function strongestTerms(m: Segment, q: PreparedQuery, max: number): PreparedQuery | null {
  const active: number[] = [];
  for (let i = 0; i < q.terms.length; i++) if ((q.idf2[i] as number) > 0) active.push(i);
  if (active.length <= max) return null;
  active.sort((a, b) => (q.values[b] as number) - (q.values[a] as number) || a - b);
  const keep = active.slice(0, max).sort((a, b) => a - b);
  const pick = <T extends Uint32Array | Float64Array>(from: T, make: new (n: number) => T): T => {
    const out = new make(keep.length);
    keep.forEach((i, j) => (out[j] = from[i] as number));
    return out;
  };
  const terms = pick(q.terms, Uint32Array);
  const { baseTerms, termPtr } = m;
  let cost = 0;
  for (const t of terms) if (t < baseTerms) cost += (termPtr[t + 1] as number) - (termPtr[t] as number);
  return {
    terms,
    weights: pick(q.weights, Float64Array),
    idf2: pick(q.idf2, Float64Array),
    // The whole query's norm: partial scores stay on the scale of the final ones.
    invNorm: q.invNorm,
    values: pick(q.values, Float64Array),
    cost,
  };
}

/** Options of `approximateKernel`. */
export interface ApproximateOptions {
  /** Skip the cost check (tests: small corpora would always take the exact path). */
  always?: boolean;
}

/**
 * The approximate kernel: top-k of a query among the candidates that its `maxTerms` strongest
 * terms find, each scored exactly. With no more active terms than that, or where the exact
 * search costs less, this is the exhaustive search.
 */
export function approximateKernel(maxTerms: number, options: ApproximateOptions = {}): Kernel {
  const always = options.always === true;
  return (m, q, c) => searchApproximate(m, q, c, maxTerms, always);
}

function searchApproximate(m: Segment, q: PreparedQuery, c: Collector, maxTerms: number, always: boolean): void {
  const { heap, minScore } = c;
  const poolSize = Math.max(MIN_POOL, POOL_PER_RESULT * heap.k);
  // Where rescoring the pool would cost more than the exact search (small corpora, selective
  // queries), the exact search is the faster answer, and a correct one.
  const rescoring = MERGE_COST * poolSize * (m.postDoc.length / Math.max(1, m.baseDocs) + q.terms.length);
  const strong = always || rescoring < q.cost ? strongestTerms(m, q, maxTerms) : null;
  if (strong === null || (!always && strong.cost + rescoring >= q.cost)) {
    exhaustiveKernel(m, q, c);
    return;
  }
  // Partial scores never exceed full ones (all addends are positive), so minScore waits.
  // The pool is the best by partial score times the multiplier (the signals'), as the list is.
  const pool = new TopK(poolSize, heap.ids);
  exhaustiveKernel(m, strong, { heap: pool, accept: c.accept, minScore: 0, scratch: c.scratch, weigh: c.weigh });
  const cap = capsAtOne(m.options.norm);
  const { invNorm } = m;
  for (const { doc } of pool.sorted()) {
    const cos = finish(mergeRow(m, q, doc, 0, 0), q.invNorm, invNorm[doc] as number, cap);
    const s = c.weigh === null ? cos : cos * c.weigh.of(doc);
    if (s > 0 && s >= minScore && s >= heap.threshold) heap.push(doc, s);
  }
}
