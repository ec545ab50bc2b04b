/**
 * An exact top-k kernel that does less work than brute force.
 *
 * Term ids ascend with document frequency, so the postings of a query split into a short "rare"
 * part (the terms that discriminate) and a long "common" part (most postings, low weights).
 * The kernel accumulates the rare part exactly, then bounds what the common part can still add
 * to each document by Cauchy-Schwarz: |q_rest| * |d_rest|, with |d_rest| precomputed per document
 * above a few document-frequency cut-offs. With theta the k-th best partial score (a lower bound
 * of the k-th final score), only documents whose partial score plus bound reaches theta can make
 * the list; those are finished exactly by merging their rows with the rest of the query, adding
 * in the same order as the exhaustive kernel, so the scores are bit-for-bit the same.
 */
import type { Segment } from "../../corpus/segment.js";
import { capsAtOne, finish, mergeRow, type PreparedQuery } from "../similarity.js";
import { TopK } from "../topk.js";
import { exhaustiveKernel } from "./exhaustive.js";
import { collectDense, offerDelta, seedBar, weighed, type Accept, type Collector, type Kernel, type Weigh } from "./kernel.js";

/** Cut-offs as fractions of the corpus: terms in at least this share of documents are "common". */
const CUTOFF_FRACTIONS = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4];
/** Below this many documents brute force is already fast; pruning is not attempted. */
const MIN_DOCS = 2000;
/** Cut-offs where the rest of the query keeps more than this share of its norm are not tried. */
const MAX_REST = 0.5;
/** Guards the bounds against float rounding (they must never be below the true remainder). */
const SAFETY = 1 + 1e-9;

/** Per-document norms of the common part of each document, for one state of the segment. */
export class PruneBounds {
  readonly version: number;
  /** First term id of each band. */
  readonly cutoffs: number[];
  /** suffix[j][d] = |d restricted to terms >= cutoffs[j]| / |d| (times SAFETY). */
  readonly suffix: Float64Array[];

  constructor(m: Segment, fractions: readonly number[] = CUTOFF_FRACTIONS) {
    this.version = m.version;
    const n = m.baseDocs;
    const { baseTerms, df, termPtr, postDoc, postW, invNorm } = m;
    const cutoffs: number[] = [];
    for (const f of fractions) {
      const minDf = Math.max(8, Math.ceil(f * n));
      let t = 0;
      while (t < baseTerms && (df[t] as number) < minDf) t++;
      if (t < baseTerms && cutoffs[cutoffs.length - 1] !== t) cutoffs.push(t);
    }
    this.cutoffs = cutoffs;
    const bands = cutoffs.map(() => new Float64Array(n));
    // One pass over the postings of the common terms: squared tf-idf weight into the term's band.
    let j = -1;
    for (let t = cutoffs[0] ?? baseTerms; t < baseTerms; t++) {
      while (j + 1 < cutoffs.length && t >= (cutoffs[j + 1] as number)) j++;
      const idf = m.idf(t);
      if (idf === 0) continue;
      const band = bands[j] as Float64Array;
      for (let p = termPtr[t] as number, end = termPtr[t + 1] as number; p < end; p++) {
        const w = (postW[p] as number) * idf;
        const d = postDoc[p] as number;
        band[d] = (band[d] as number) + w * w;
      }
    }
    // Suffix sums over bands, normalised like the scores.
    for (let b = bands.length - 2; b >= 0; b--) {
      const cur = bands[b] as Float64Array;
      const next = bands[b + 1] as Float64Array;
      for (let d = 0; d < n; d++) cur[d] = (cur[d] as number) + (next[d] as number);
    }
    for (const band of bands) {
      for (let d = 0; d < n; d++) band[d] = Math.sqrt(band[d] as number) * (invNorm[d] as number) * SAFETY;
    }
    this.suffix = bands;
  }
}

/**
 * The pruned kernel over `bounds` (made for the segment's current version): exact top-k, the
 * same results as the exhaustive kernel, which it falls back to for small corpora, selective
 * queries, or when the bounds do not prune enough.
 */
export function prunedKernel(bounds: PruneBounds): Kernel {
  return (m, q, c) => searchPruned(m, q, c, bounds);
}

function searchPruned(m: Segment, q: PreparedQuery, c: Collector, bounds: PruneBounds): void {
  const n = m.baseDocs;
  if (n < MIN_DOCS || q.cost < n || bounds.cutoffs.length === 0) {
    exhaustiveKernel(m, q, c);
    return;
  }
  const { heap, accept, scratch, weigh } = c;
  const reach = weigh === null ? 1 : weigh.max;
  scratch.fit(m.nDocs);
  // Whole-article queries touch nearly every document even in their rare band, so the
  // accumulator is scanned densely rather than through a touched list.
  const acc = scratch.acc;
  const { termPtr, postDoc, postW, invNorm, baseTerms } = m;
  const range = scratch.range(postDoc, postW);
  const { terms, weights, idf2, values } = q;
  const qInv = q.invNorm;
  // Query terms that have base postings form a prefix (ids beyond baseTerms are delta-only).
  let nq = 0;
  while (nq < terms.length && (terms[nq] as number) < baseTerms) nq++;

  let i = 0;
  let remaining = q.cost;
  for (let j = 0; j < bounds.cutoffs.length; j++) {
    const cut = bounds.cutoffs[j] as number;
    // Rare band: accumulate exactly, remembering which documents were touched.
    for (; i < nq && (terms[i] as number) < cut; i++) {
      const g = idf2[i] as number;
      const t = terms[i] as number;
      const end = termPtr[t + 1] as number;
      remaining -= end - (termPtr[t] as number);
      if (g === 0) continue;
      range(termPtr[t] as number, end, g, weights[i] as number);
    }
    if (remaining < n) break;
    let rest = 0;
    for (let r = i; r < nq; r++) rest += (values[r] as number) * (values[r] as number);
    rest = Math.sqrt(rest) * SAFETY;
    // A bound this loose cannot exclude much: spend nothing on trying.
    if (rest > MAX_REST) continue;
    const theta = kthPartial(n, acc, qInv, invNorm, heap.k, accept, heap, weigh);
    if (theta <= 0) continue;
    const suffix = bounds.suffix[j] as Float64Array;
    // Candidates: (partial + bound) * multiplier >= theta. Untouched documents have partial 0.
    const cand: number[] = [];
    const limit = n >>> 3;
    for (let d = 0; d < n; d++) {
      const b = (acc[d] as number) * (qInv * (invNorm[d] as number)) + rest * (suffix[d] as number);
      if (b * reach >= theta && (weigh === null || b * weigh.of(d) >= theta)) {
        cand.push(d);
        if (cand.length > limit) break;
      }
    }
    if (cand.length > limit) continue;
    finishCandidates(m, q, i, cand, rest, suffix, c, acc);
    acc.fill(0, 0, n);
    offerDelta(m, q, c);
    return;
  }
  // No cut-off pruned enough: finish the common terms exhaustively and scan every document.
  for (; i < nq; i++) {
    const g = idf2[i] as number;
    if (g === 0) continue;
    const t = terms[i] as number;
    range(termPtr[t] as number, termPtr[t + 1] as number, g, weights[i] as number);
  }
  collectDense(acc, n, invNorm, qInv, capsAtOne(m.options.norm), c);
  offerDelta(m, q, c);
}

/**
 * The k-th best partial score (times the document's multiplier) among acceptable documents (0
 * when fewer than k): partial sums never exceed final ones, so this bounds the k-th final score.
 */
function kthPartial(n: number, acc: Float64Array, qInv: number, invNorm: Readonly<Float64Array>, k: number, accept: Accept, heap: TopK, weigh: Weigh | null): number {
  const top = new TopK(k, heap.ids);
  // The seeds' k-th (a lower bound of this k-th) lets most documents skip their multiplier.
  const low = weigh === null ? 0 : seedBar(weigh, top, n, (d) => (acc[d] as number) * (qInv * (invNorm[d] as number)), accept);
  let threshold = Math.max(top.threshold, low);
  for (let d = 0; d < n; d++) {
    const a = acc[d] as number;
    if (a === 0) continue;
    let s = a * (qInv * (invNorm[d] as number));
    if (weigh !== null) s = weighed(weigh, d, s, threshold);
    if (s > 0 && s >= threshold && accept(d)) {
      top.push(d, s);
      threshold = Math.max(top.threshold, low);
    }
  }
  return top.size < k ? 0 : top.threshold;
}

/** Finishes candidates exactly, best bound first, until no bound can beat the k-th score. */
function finishCandidates(m: Segment, q: PreparedQuery, from: number, cand: number[], rest: number, suffix: Float64Array, c: Collector, acc: Float64Array): void {
  const { heap, accept, minScore, weigh } = c;
  const qInv = q.invNorm;
  const { invNorm } = m;
  // Each candidate's bound on its final score, multiplier included (computed once per candidate).
  const bound = new Float64Array(cand.length);
  for (let i = 0; i < cand.length; i++) {
    const d = cand[i] as number;
    bound[i] = ((acc[d] as number) * (qInv * (invNorm[d] as number)) + rest * (suffix[d] as number)) * (weigh === null ? 1 : weigh.of(d));
  }
  const order = Array.from(cand.keys()).sort((x, y) => (bound[y] as number) - (bound[x] as number));
  const cap = capsAtOne(m.options.norm);
  for (const i of order) {
    const d = cand[i] as number;
    if ((bound[i] as number) < heap.threshold) break;
    const cos = finish(mergeRow(m, q, d, from, acc[d] as number), qInv, invNorm[d] as number, cap);
    const s = weigh === null ? cos : cos * weigh.of(d);
    if (s > 0 && s >= minScore && s >= heap.threshold && accept(d)) heap.push(d, s);
  }
}
