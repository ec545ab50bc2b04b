/**
 * Bounded top-k selection: a min-heap of k slots on typed arrays whose root is the worst kept
 * candidate, so each rejected candidate costs one comparison. Order: score descending, then
 * article id ascending, so results never depend on insertion order.
 */
export class TopK {
  readonly k: number;
  size = 0;
  readonly #scores: Float64Array;
  readonly #docs: Int32Array;
  readonly #ids: readonly (string | undefined)[];

  /** @param ids article id of each document index, used to break ties */
  constructor(k: number, ids: readonly (string | undefined)[]) {
    this.k = k;
    this.#scores = new Float64Array(k);
    this.#docs = new Int32Array(k);
    this.#ids = ids;
  }

  /** The article ids used for tie-breaking. */
  get ids(): readonly (string | undefined)[] {
    return this.#ids;
  }

  /** Lowest score kept so far, or -Infinity while there is room. */
  get threshold(): number {
    return this.size < this.k ? -Infinity : (this.#scores[0] as number);
  }

  /** True when (score, doc) would rank after (score2, doc2). */
  #worse(score: number, doc: number, score2: number, doc2: number): boolean {
    if (score !== score2) return score < score2;
    return (this.#ids[doc] as string) > (this.#ids[doc2] as string);
  }

  /** Offers a candidate; keeps it when it beats the worst of the k kept. */
  push(doc: number, score: number): void {
    const scores = this.#scores;
    const docs = this.#docs;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.#worse(score, doc, scores[parent] as number, docs[parent] as number)) break;
        scores[i] = scores[parent] as number;
        docs[i] = docs[parent] as number;
        i = parent;
      }
      scores[i] = score;
      docs[i] = doc;
      return;
    }
    if (this.k === 0 || this.#worse(score, doc, scores[0] as number, docs[0] as number)) return;
    // Replace the root and sift down.
    let i = 0;
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.#worse(scores[r] as number, docs[r] as number, scores[l] as number, docs[l] as number)) c = r;
      if (!this.#worse(scores[c] as number, docs[c] as number, score, doc)) break;
      scores[i] = scores[c] as number;
      docs[i] = docs[c] as number;
      i = c;
    }
    scores[i] = score;
    docs[i] = doc;
  }

  /** The kept candidates, best first. */
  sorted(): { doc: number; score: number }[] {
    const out: { doc: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ doc: this.#docs[i] as number, score: this.#scores[i] as number });
    out.sort((a, b) => (this.#worse(a.score, a.doc, b.score, b.doc) ? 1 : -1));
    return out;
  }
}
