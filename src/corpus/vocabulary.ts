/**
 * Term <-> termId. A Map keeps lookups safe for any string ("__proto__" is an ordinary term) and
 * fast; the reverse direction is a plain array. Document frequencies live in the matrix.
 */
export type TermId = number;

export class Vocabulary {
  #ids = new Map<string, TermId>();
  #terms: string[] = [];

  /** Number of terms ever seen (ids are dense, 0 .. size - 1). */
  get size(): number {
    return this.#terms.length;
  }

  /** The id of `term`, or -1 when it has never been seen. */
  idOf(term: string): TermId {
    return this.#ids.get(term) ?? -1;
  }

  /** The id of `term`, adding it when new. */
  intern(term: string): TermId {
    let id = this.#ids.get(term);
    if (id === undefined) {
      id = this.#terms.length;
      this.#ids.set(term, id);
      this.#terms.push(term);
    }
    return id;
  }

  termOf(id: TermId): string {
    return this.#terms[id] as string;
  }

  /** Renumbers terms: `newId[old]` is the new id, or -1 to forget the term. */
  remap(newId: Int32Array, newSize: number): void {
    const terms: string[] = new Array<string>(newSize);
    const ids = new Map<string, TermId>();
    for (let old = 0; old < this.#terms.length; old++) {
      const id = newId[old] as number;
      if (id < 0) continue;
      const term = this.#terms[old] as string;
      terms[id] = term;
      ids.set(term, id);
    }
    this.#terms = terms;
    this.#ids = ids;
  }

  /** All terms by id (for snapshots). */
  terms(): readonly string[] {
    return this.#terms;
  }

  /** Rebuilds a vocabulary from terms listed by id; null when a term is listed twice. */
  static from(terms: string[]): Vocabulary | null {
    const v = new Vocabulary();
    v.#terms = terms;
    for (let i = 0; i < terms.length; i++) v.#ids.set(terms[i] as string, i);
    return v.#ids.size === terms.length ? v : null;
  }
}
