/**
 * Bounded top-k selection and the one order of results: score descending, then article id
 * ascending, so results never depend on insertion order. A heap is k slots of typed arrays whose
 * root is the worst kept candidate, so each rejected candidate costs one comparison. `TopK` is one
 * query's heap; related-all.ts keeps one heap per document in flat arrays with the same functions.
 */

/** Article id of each document index, for breaking ties. */
export type TieIds = readonly (string | undefined)[];

/** True when (s1, d1) ranks after (s2, d2): a lower score, or the same score and a later id. */
export function ranksAfter(ids: TieIds, s1: number, d1: number, s2: number, d2: number): boolean {
  if (s1 !== s2) return s1 < s2;
  return (ids[d1] as string) > (ids[d2] as string);
}

/** Sorts hits best first, in the order `ranksAfter` defines. */
export function sortByRank<T extends { doc: number; score: number }>(hits: T[], ids: TieIds): T[] {
  return hits.sort((a, b) => (ranksAfter(ids, a.score, a.doc, b.score, b.doc) ? 1 : -1));
}

/**
 * Offers (doc, score) to the min-heap held in `scores`/`docs` at [base, base + k), which holds
 * `size` entries: kept when there is room or when it beats the root. Returns the new size.
 */
export function heapOffer(scores: Float64Array, docs: Int32Array, base: number, size: number, k: number, doc: number, score: number, ids: TieIds): number {
  let i: number;
  if (size < k) {
    // Sift up from the new last slot.
    i = size;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!ranksAfter(ids, score, doc, scores[base + parent] as number, docs[base + parent] as number)) break;
      scores[base + i] = scores[base + parent] as number;
      docs[base + i] = docs[base + parent] as number;
      i = parent;
    }
    scores[base + i] = score;
    docs[base + i] = doc;
    return size + 1;
  }
  if (k === 0 || ranksAfter(ids, score, doc, scores[base] as number, docs[base] as number)) return size;
  // Replace the root and sift down.
  i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= k) break;
    const r = l + 1;
    let c = l;
    if (r < k && ranksAfter(ids, scores[base + r] as number, docs[base + r] as number, scores[base + l] as number, docs[base + l] as number)) c = r;
    if (!ranksAfter(ids, scores[base + c] as number, docs[base + c] as number, score, doc)) break;
    scores[base + i] = scores[base + c] as number;
    docs[base + i] = docs[base + c] as number;
    i = c;
  }
  scores[base + i] = score;
  docs[base + i] = doc;
  return size;
}

/** One query's top-k. */
export class TopK {
  readonly k: number;
  size = 0;
  readonly #scores: Float64Array;
  readonly #docs: Int32Array;
  readonly #ids: TieIds;

  /** @param ids article id of each document index, used to break ties */
  constructor(k: number, ids: TieIds) {
    this.k = k;
    this.#scores = new Float64Array(k);
    this.#docs = new Int32Array(k);
    this.#ids = ids;
  }

  /** The article ids used for tie-breaking. */
  get ids(): TieIds {
    return this.#ids;
  }

  /** Lowest score kept so far, or -Infinity while there is room. */
  get threshold(): number {
    return this.size < this.k ? -Infinity : (this.#scores[0] as number);
  }

  /** Offers a candidate; keeps it when it beats the worst of the k kept. */
  push(doc: number, score: number): void {
    this.size = heapOffer(this.#scores, this.#docs, 0, this.size, this.k, doc, score, this.#ids);
  }

  /** The kept candidates, best first. */
  sorted(): { doc: number; score: number }[] {
    const out: { doc: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ doc: this.#docs[i] as number, score: this.#scores[i] as number });
    return sortByRank(out, this.#ids);
  }
}
