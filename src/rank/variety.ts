/**
 * Variety: the pool-based steps that run after the exact search. `duplicates` keeps, of two
 * candidates at least that similar to each other, only the better one; `diversity` picks each
 * next entry by maximal marginal relevance (MMR: lambda * score - (1 - lambda) * the highest
 * similarity to an entry already listed) from a pool of the best candidates. Similarities
 * between candidates are the index's own scores of the pair (the same doubles `recommend` gives).
 */
import type { DocIndex, Segment, SparseRow } from "../corpus/segment.js";
import type { Hit } from "../search/query.js";
import { capsAtOne, dot, finish, prepareQuery, type PreparedQuery } from "../search/similarity.js";

/** Guards the near-duplicate bound against float rounding (it must never fall below the true score). */
const SAFETY = 1 + 1e-6;

/** Scores of pairs of indexed documents, each document's row and prepared vector made once. */
export class PairScores {
  readonly #m: Segment;
  readonly #cap: boolean;
  /** The smallest tf weight any stored term can have (see `atLeast`); 0 when unknown. */
  readonly #minWeight: number;
  readonly #rows = new Map<DocIndex, SparseRow>();
  readonly #queries = new Map<DocIndex, PreparedQuery | null>();
  readonly #idfMass = new Map<DocIndex, number>();

  constructor(m: Segment, minWeight: number) {
    this.#m = m;
    this.#cap = capsAtOne(m.options.norm);
    this.#minWeight = m.options.norm === "l2" ? minWeight : 0;
  }

  #row(d: DocIndex): SparseRow {
    let row = this.#rows.get(d);
    if (row === undefined) this.#rows.set(d, (row = this.#m.row(d)));
    return row;
  }

  #query(d: DocIndex): PreparedQuery | null {
    let q = this.#queries.get(d);
    if (q === undefined) this.#queries.set(d, (q = prepareQuery(this.#m, this.#row(d), this.#m.invNorm[d])));
    return q;
  }

  /**
   * The score of documents `a` and `b` (symmetric: the same double both ways). Each document's
   * row is made once (a weight lookup per term, in its postings), then pairs are plain merges:
   * cheaper than looking up shared terms pair by pair once a row takes part in two pairs.
   */
  score(a: DocIndex, b: DocIndex): number {
    const q = this.#query(a);
    return q === null ? 0 : finish(dot(q, this.#row(b)), q.invNorm, this.#m.invNorm[b] as number, this.#cap);
  }

  /**
   * True when `score(a, b) >= t`. Most pairs are settled from term ids alone: a unit vector's
   * mass outside the terms it shares with the other is at least minWeight^2 * idf^2 / |d|^2 per
   * term, so the cosine is at most sqrt((1 - outside_a) (1 - outside_b)); only pairs this bound
   * cannot rule out have their weights looked up.
   */
  atLeast(a: DocIndex, b: DocIndex, t: number): boolean {
    if (this.#minWeight > 0 && this.#bound(a, b, t) < t) return false;
    return this.score(a, b) >= t;
  }

  /** Sum of idf^2 over the terms of `d`. */
  #mass(d: DocIndex): number {
    let mass = this.#idfMass.get(d);
    if (mass === undefined) {
      const m = this.#m;
      mass = 0;
      if (d < m.baseDocs) {
        const { rowTerm, rowPtr } = m;
        for (let i = rowPtr[d] as number, e = rowPtr[d + 1] as number; i < e; i++) {
          const idf = m.idf(rowTerm[i] as number);
          mass += idf * idf;
        }
      } else {
        for (const t of this.#row(d).terms) {
          const idf = m.idf(t);
          mass += idf * idf;
        }
      }
      this.#idfMass.set(d, mass);
    }
    return mass;
  }

  /** An upper bound of score(a, b), exact enough to compare with `t`. */
  #bound(a: DocIndex, b: DocIndex, t: number): number {
    const m = this.#m;
    const massA = this.#mass(a);
    const massB = this.#mass(b);
    const w2 = this.#minWeight * this.#minWeight;
    const ia = m.invNorm[a] as number;
    const ib = m.invNorm[b] as number;
    const bound = (shared: number) =>
      Math.sqrt(Math.max(0, 1 - w2 * Math.max(0, massA - shared) * ia * ia) * Math.max(0, 1 - w2 * Math.max(0, massB - shared) * ib * ib)) * SAFETY;
    // They share at most the smaller mass: often enough to settle the pair without merging rows.
    const loose = bound(Math.min(massA, massB));
    if (loose < t) return loose;
    return bound(m.baseDocs > Math.max(a, b) ? this.#sharedBase(a, b) : this.#sharedRows(a, b));
  }

  /** Sum of idf^2 over the terms two base documents share (their rows merged in place). */
  #sharedBase(a: DocIndex, b: DocIndex): number {
    const m = this.#m;
    const { rowTerm, rowPtr } = m;
    let shared = 0;
    let i = rowPtr[a] as number;
    let j = rowPtr[b] as number;
    const ei = rowPtr[a + 1] as number;
    const ej = rowPtr[b + 1] as number;
    while (i < ei && j < ej) {
      const u = rowTerm[i] as number;
      const v = rowTerm[j] as number;
      if (u < v) i++;
      else if (u > v) j++;
      else {
        const idf = m.idf(u);
        shared += idf * idf;
        i++;
        j++;
      }
    }
    return shared;
  }

  /** `#sharedBase` for pairs with a delta document (rows from `m.row`). */
  #sharedRows(a: DocIndex, b: DocIndex): number {
    const x = this.#row(a).terms;
    const y = this.#row(b).terms;
    let shared = 0;
    for (let i = 0, j = 0; i < x.length && j < y.length; ) {
      const u = x[i] as number;
      const v = y[j] as number;
      if (u < v) i++;
      else if (u > v) j++;
      else {
        const idf = this.#m.idf(u);
        shared += idf * idf;
        i++;
        j++;
      }
    }
    return shared;
  }
}

/** What a variety step reads: the step's settings and the entries listed before it (editors' picks). */
export interface VarietyOptions {
  /** A score in (0, 1], or 0 for off. */
  duplicates: number;
  /** MMR's lambda; 1 for off. */
  diversity: number;
  /** Entries already in the list: candidates are compared with them too. */
  listed: readonly DocIndex[];
}

/**
 * Up to `need` of `hits` (best first, the exact search's order), with near-duplicates dropped
 * and, under diversity, chosen by MMR. `complete` tells whether `hits` holds every candidate (the
 * search found fewer than it was asked for); when it does not and the steps cannot fill `need`,
 * null asks for a deeper pool.
 */
export function vary(hits: readonly Hit[], need: number, o: VarietyOptions, pairs: PairScores, complete: boolean): Hit[] | null {
  const out = o.diversity < 1 ? mmr(hits, need, o, pairs) : dropDuplicates(hits, need, o, pairs);
  return out.length < need && !complete ? null : out;
}

/** The first `need` hits that are not at least `duplicates` similar to a better one kept (or listed). */
function dropDuplicates(hits: readonly Hit[], need: number, o: VarietyOptions, pairs: PairScores): Hit[] {
  const kept: Hit[] = [];
  for (const h of hits) {
    if (kept.length === need) break;
    if (o.listed.some((d) => pairs.atLeast(d, h.doc, o.duplicates))) continue;
    if (kept.some((k) => pairs.atLeast(k.doc, h.doc, o.duplicates))) continue;
    kept.push(h);
  }
  return kept;
}

/**
 * Maximal marginal relevance over `hits`: each next entry maximises
 * `lambda * score - (1 - lambda) * max similarity to the entries chosen (and listed)`; ties go to
 * the better-ranked hit. With `duplicates`, a hit at least that similar to a chosen one is out.
 *
 * Lazily: a hit's highest similarity only grows as entries are chosen, so its value only falls.
 * Each round takes the hit with the best value known so far; if that value is stale (entries were
 * chosen since it was computed), the hit is compared with them and the round starts over; once
 * the best is fresh, no other hit can beat it. The same picks as comparing every hit every round,
 * for the rows and pairs of the hits that come near the top only.
 */
function mmr(hits: readonly Hit[], need: number, o: VarietyOptions, pairs: PairScores): Hit[] {
  const lambda = o.diversity;
  const n = hits.length;
  const nearest = new Float64Array(n);
  // How many of `against` (listed entries, then chosen ones) each hit has been compared with.
  const seen = new Int32Array(n);
  const out: (0 | 1)[] = new Array<0 | 1>(n).fill(0);
  const against: DocIndex[] = [...o.listed];
  const chosen: Hit[] = [];
  const value = (i: number) => lambda * (hits[i] as Hit).score - (1 - lambda) * (nearest[i] as number);
  while (chosen.length < need) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < n; i++) {
      if (out[i] === 1) continue;
      const v = value(i);
      if (v > bestValue) {
        bestValue = v;
        best = i;
      }
    }
    if (best < 0) break;
    if ((seen[best] as number) < against.length) {
      // Stale: bring it up to date, then look again.
      const doc = (hits[best] as Hit).doc;
      let near = nearest[best] as number;
      for (let j = seen[best] as number; j < against.length; j++) near = Math.max(near, pairs.score(against[j] as DocIndex, doc));
      nearest[best] = near;
      seen[best] = against.length;
      if (o.duplicates > 0 && near >= o.duplicates) out[best] = 1;
      continue;
    }
    out[best] = 1;
    const hit = hits[best] as Hit;
    chosen.push(hit);
    against.push(hit.doc);
  }
  return chosen;
}
